import { DocumentEntity } from "../db/entities";
import { insertRow } from "../db/insert-rows";
import { hasRole } from "../domain/access/principal";
import { checkUpload, DocumentKind, sanitiseFileName, UPLOADABLE_KINDS } from "../domain/documents/document-terms";
import { BadInputError, DomainError, ForbiddenError } from "../domain/errors";
import { ACTOR_LENGTH } from "../domain/limits";
import { Role } from "../domain/petition-terms";
import type { DocumentDeps } from "../platform/documents-config";
import { noteAudit, noteAuditDetails } from "./audit-scope";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { petitionForDocuments } from "./document-access";

/** One attachment as received (POST /documents). */
export interface UploadInput {
  petitionId: number;
  kind: string;
  fileName: string;
  declaredType: string;
  bytes: Buffer;
}

/** The process's documents, or a refusal when this process has none configured. */
export function documentDeps(deps: HubDeps): DocumentDeps {
  if (!deps.documents) throw new DomainError("DOCUMENTS_UNAVAILABLE", "documents are not configured in this process");
  return deps.documents;
}

/** Roles that may attach materials: the people who register and handle a petition, not machine clients. */
const UPLOADERS: readonly Role[] = [Role.REGISTRAR, Role.CASE_OFFICER, Role.HANDLER];

/**
 * Attaches a file to a petition: limits and type by content (domain rule), the caller must be able to read the
 * petition's documents and hold an acting role; the bytes are stored before the row (content-addressed: a rollback
 * leaves only an unreferenced blob) and the row, its `document.uploaded` event and the audit entry commit together.
 */
export async function uploadDocument(deps: HubDeps, ctx: CommandContext, input: UploadInput): Promise<DocumentEntity> {
  const docs = documentDeps(deps);
  const kind = input.kind as DocumentKind;
  if (!UPLOADABLE_KINDS.includes(kind)) throw new BadInputError(`kind must be one of ${UPLOADABLE_KINDS.join(", ")}`, [{ path: "kind", message: "not an uploadable kind" }]);
  noteAudit({ resourceType: "petition", resourceId: String(input.petitionId), petitionId: input.petitionId });
  const petition = await petitionForDocuments(deps, deps.db, ctx.principal, input.petitionId);
  if (!hasRole(ctx.principal, ...UPLOADERS)) throw new ForbiddenError("attaching materials needs the registrar, case officer or handler role");
  const contentType = checkUpload(input.bytes, input.declaredType, docs.settings);
  const fileName = sanitiseFileName(input.fileName);
  const stored = await docs.store.put(input.bytes, contentType);
  const at = nowOf(ctx);
  const actor = (ctx.principal.via ? `${ctx.principal.subject} via ${ctx.principal.via}` : ctx.principal.subject).slice(0, ACTOR_LENGTH);
  const row = { petitionId: petition.id, kind, fileName, contentType, size: input.bytes.length, sha256: stored.sha256, storageKey: stored.key, letterId: null, uploadedBy: actor, uploadedByOrgId: ctx.principal.orgId, uploadedAt: at };
  const id = await inTransaction(deps, async (em) => {
    const id = await insertRow(em, DocumentEntity, row);
    await appendOutbox(em, "document", id, [{ type: "document.uploaded", data: { petitionId: petition.id, documentId: id, kind, contentType, size: row.size, sha256: stored.sha256 } }], { actor, requestId: ctx.requestId, at });
    noteAuditDetails({ documentId: id, sha256: stored.sha256, size: row.size });
    return id;
  });
  return Object.assign(new DocumentEntity(), row, { id });
}
