import type { EntityManager } from "typeorm";
import type { LetterForPdf } from "../domain/city-visit/letter-document-port";

/**
 * The port the documents module (issue 9 item 6) fills: renders one letter as a PDF, stores it as a document inside
 * the caller's transaction, and returns its id and SHA-256, which the letter row keeps. Absent, no PDF is made.
 */
export type LetterDocumentWriter = (em: EntityManager, letter: LetterForPdf, meta: { petitionId: number; letterId: number; actor: string; at: Date }) => Promise<{ documentId: number; sha256: string }>;
