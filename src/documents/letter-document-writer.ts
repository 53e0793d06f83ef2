import { EntityManager } from "typeorm";
import { appendOutbox } from "../commands/command-context";
import { DocumentEntity } from "../db/entities";
import { insertRow } from "../db/insert-rows";
import { DocumentKind, sanitiseFileName } from "../domain/documents/document-terms";
import { ACTOR_LENGTH } from "../domain/limits";
import { LetterFont, LetterForPdf, renderLetterPdf } from "./letter-pdf";
import { ObjectStore } from "./object-store";

export type { LetterForPdf } from "./letter-pdf";

/** What the letter writer needs from the process. */
export interface LetterWriterDeps {
  store: ObjectStore;
  font: LetterFont;
}

/**
 * Renders, stores the bytes, inserts the document row (kind LETTER, linked to the petition) in em's transaction; returns its id and SHA-256.
 * The blob is stored before the row: the store is content-addressed, so if the caller's transaction rolls back only an
 * unreferenced blob remains (never a row without its bytes). Such blobs can be swept: list the store's keys, keep
 * those `unreferencedKeys` (db/document-queries.ts) returns and that are older than any running transaction, delete.
 */
export function letterDocumentWriter(deps: LetterWriterDeps): (em: EntityManager, letter: LetterForPdf, meta: { petitionId: number; letterId: number; actor: string; at: Date }) => Promise<{ documentId: number; sha256: string }> {
  return async (em, letter, meta) => {
    const pdf = await renderLetterPdf(letter, deps.font, meta.at);
    const stored = await deps.store.put(pdf, "application/pdf");
    const id = await insertRow(em, DocumentEntity, { petitionId: meta.petitionId, kind: DocumentKind.LETTER, fileName: sanitiseFileName(`${letter.kindTitle}-${letter.number}.pdf`), contentType: "application/pdf", size: pdf.length, sha256: stored.sha256, storageKey: stored.key, letterId: meta.letterId, uploadedBy: meta.actor.slice(0, ACTOR_LENGTH), uploadedByOrgId: null, uploadedAt: meta.at });
    await appendOutbox(em, "document", id, [{ type: "document.letterStored", data: { petitionId: meta.petitionId, letterId: meta.letterId, documentId: id, sha256: stored.sha256 } }], { actor: meta.actor, at: meta.at });
    return { documentId: id, sha256: stored.sha256 };
  };
}
