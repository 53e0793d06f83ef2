import { IncomingMessage, ServerResponse } from "node:http";
import { actorFacts, auditedOperation, DEFAULT_AUDIT } from "../commands/audit-scope";
import { HubDeps } from "../commands/command-context";
import { downloadDocument } from "../commands/download-document";
import { documentDeps, uploadDocument } from "../commands/upload-document";
import { Principal } from "../domain/access/principal";
import { DocumentTooLargeError } from "../domain/documents/document-terms";
import { BadInputError, DomainError, UnauthenticatedError } from "../domain/errors";
import { AuthenticationFailed, Authenticator } from "../platform/authenticate";

/** HTTP status per stable error code; the body always carries the code in `extensions.code`, as GraphQL errors do. */
const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, DOCUMENT_TOO_LARGE: 413, DOCUMENT_TYPE_NOT_ALLOWED: 415, DOCUMENT_TYPE_MISMATCH: 415, BAD_USER_INPUT: 400, DOCUMENTS_UNAVAILABLE: 503 };

const DOWNLOAD = /^\/documents\/([1-9][0-9]{0,9})$/;

/**
 * `POST /documents?petitionId=&kind=&fileName=` (the raw file as the body, its type as Content-Type) and
 * `GET /documents/<id>`, with the same bearer token as /graphql. Plain HTTP rather than GraphQL multipart: multipart
 * needs Apollo's CSRF prevention relaxed, while a bearer token in a header cannot be sent by a cross-site form. Both
 * are audited like mutations (every download, allowed or refused, is an entry in the hash chain).
 */
export function createDocumentRoutes(deps: HubDeps, auth: Authenticator) {
  const audit = (p: Principal | null, req: IncomingMessage, requestId: string, action: string, documentId: number | null = null) => ({
    io: { db: deps.db, log: deps.log, alg: (deps.audit ?? DEFAULT_AUDIT).alg },
    facts: { ...actorFacts(p), onBehalfOfOrgId: null, action, resourceType: documentId === null ? null : "document", resourceId: documentId === null ? null : String(documentId), petitionId: null, requestId, clientIp: req.socket.remoteAddress ?? null, details: null },
  });
  const codeOf = (e: unknown) => (e instanceof DomainError ? e.code : "INTERNAL_SERVER_ERROR");

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, p: Principal | null): Promise<void> {
    const a = audit(p, req, requestId, "DOCUMENT.upload");
    const doc = await auditedOperation(a.io, a.facts, codeOf, async () => {
      if (!p) throw new UnauthenticatedError();
      const petitionId = Number(url.searchParams.get("petitionId"));
      if (!Number.isSafeInteger(petitionId) || petitionId < 1) throw new BadInputError("petitionId is required", [{ path: "petitionId", message: "a petition id" }]);
      const bytes = await readLimited(req, documentDeps(deps).settings.maxBytes);
      return uploadDocument(deps, { principal: p, requestId }, { petitionId, kind: url.searchParams.get("kind") ?? "MATERIAL", fileName: url.searchParams.get("fileName") ?? "file", declaredType: req.headers["content-type"] ?? "application/octet-stream", bytes });
    });
    json(res, 201, { id: String(doc.id), petitionId: String(doc.petitionId), kind: doc.kind, fileName: doc.fileName, contentType: doc.contentType, size: doc.size, sha256: doc.sha256, uploadedAt: doc.uploadedAt.toISOString() });
  }

  async function download(req: IncomingMessage, res: ServerResponse, id: number, requestId: string, p: Principal | null): Promise<void> {
    const a = audit(p, req, requestId, "DOCUMENT.download", id);
    const { doc, bytes } = await auditedOperation(a.io, a.facts, codeOf, () => downloadDocument(deps, p, id));
    res.writeHead(200, {
      "content-type": doc.contentType,
      "content-length": bytes.length,
      // RFC 6266 / 8187: an ASCII fallback and the UTF-8 name (Chinese file names).
      "content-disposition": `attachment; filename="document-${doc.id}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
      "x-content-sha256": doc.sha256,
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    });
    res.end(bytes);
  }

  return {
    handles: (pathname: string) => pathname === "/documents" || DOWNLOAD.test(pathname),
    async handle(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
      let p: Principal | null = null;
      try {
        try {
          p = await auth.principal(req.headers.authorization);
        } catch (e) {
          if (e instanceof AuthenticationFailed) throw new UnauthenticatedError(e.message);
          throw e;
        }
        const m = DOWNLOAD.exec(url.pathname);
        if (url.pathname === "/documents" && req.method === "POST") return await upload(req, res, url, requestId, p);
        if (m && req.method === "GET") return await download(req, res, Number(m[1]), requestId, p);
        json(res, 405, { errors: [{ message: "method not allowed", extensions: { code: "METHOD_NOT_ALLOWED" } }] });
      } catch (e) {
        if (!(e instanceof DomainError)) deps.log.error({ err: e, requestId }, "document route failed");
        const code = codeOf(e);
        const message = e instanceof DomainError ? e.message : `internal error (request ${requestId})`;
        const body = { errors: [{ message, extensions: { code, ...(e instanceof DomainError ? e.details : {}) } }] };
        // An upload refused before its body was read whole: discard what still arrives (at most LINGER_MS) so the
        // client reads the answer instead of a reset, then close.
        if (req.method === "POST" && !req.readableEnded) await drain(req);
        json(res, STATUS[code] ?? 500, body, req.method === "POST");
      }
    },
  };
}

const LINGER_MS = 2_000;
function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(done, LINGER_MS);
    req.once("end", done).once("error", done).resume();
  });
}

function json(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...(close ? { connection: "close" } : {}) }).end(text);
}

/** Reads the body up to `max` bytes; beyond, DOCUMENT_TOO_LARGE (an announced Content-Length over it is refused unread). */
function readLimited(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const announced = Number(req.headers["content-length"]);
    if (Number.isFinite(announced) && announced > max) return reject(new DocumentTooLargeError(max));
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      req.off("data", collect);
      req.resume(); // discard the rest
      chunks.length = 0;
      reject(new DocumentTooLargeError(max));
    };
    req.on("data", collect);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
