import { createHash } from "node:crypto";
import { DocumentEntity } from "../db/entities";
import { Principal } from "../domain/access/principal";
import { NotFoundError, UnauthenticatedError } from "../domain/errors";
import { noteAudit, noteAuditDetails } from "./audit-scope";
import { HubDeps } from "./command-context";
import { petitionForDocuments } from "./document-access";
import { documentDeps } from "./upload-document";

/** A document's record and bytes, as handed to a caller allowed to download it. */
export interface Download {
  doc: DocumentEntity;
  bytes: Buffer;
}

/**
 * A document's bytes, through the same policy as its petition (see `petitionForDocuments`): missing, invisible and
 * withheld are one NOT_FOUND. The bytes are checked against the stored SHA-256 before they leave: a store that
 * returns other bytes is an internal error, not a download. The caller (GET /documents/:id) audits every attempt.
 */
export async function downloadDocument(deps: HubDeps, p: Principal | null, documentId: number): Promise<Download> {
  const docs = documentDeps(deps);
  if (!p) throw new UnauthenticatedError();
  const doc = await deps.db.getRepository(DocumentEntity).findOneBy({ id: documentId });
  if (!doc) throw new NotFoundError("document", documentId);
  noteAudit({ resourceType: "document", resourceId: String(doc.id), petitionId: doc.petitionId });
  try {
    await petitionForDocuments(deps, deps.db, p, doc.petitionId);
  } catch (e) {
    // The document's id must not confirm that a petition exists to a caller who cannot see it.
    if (e instanceof NotFoundError) throw new NotFoundError("document", documentId);
    throw e;
  }
  const bytes = await docs.store.get(doc.storageKey);
  if (!bytes) throw new Error(`document ${doc.id}: object ${doc.storageKey} missing from the store`);
  const actual = createHash("sha256").update(bytes).digest("hex");
  if (actual !== doc.sha256) throw new Error(`document ${doc.id}: stored bytes do not match their SHA-256`);
  noteAuditDetails({ sha256: doc.sha256, size: doc.size });
  return { doc, bytes };
}
