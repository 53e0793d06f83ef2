import { IncomingMessage, Server, ServerResponse } from "node:http";

/** The largest request body /graphql and /agency-callback read (bytes). */
export const MAX_BODY_BYTES = 1_000_000;
/** How long a refused body is still read (and discarded) so the client sees the 413 rather than a reset. */
const LINGER_MS = 2_000;
/** Paths whose POST bodies the hub reads itself, with MAX_BODY_BYTES. */
const BODY_PATHS = new Set(["/graphql", "/agency-callback"]);

/** A request body over MAX_BODY_BYTES. */
export class PayloadTooLargeError extends Error {
  readonly status = 413;
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
  }
}

/** Whether the announced Content-Length is already over the limit (chunked bodies are checked while read). */
export function announcedTooLarge(req: IncomingMessage): boolean {
  const n = Number(req.headers["content-length"]);
  return Number.isFinite(n) && n > MAX_BODY_BYTES;
}

/**
 * Reads a request body up to MAX_BODY_BYTES. Beyond, it rejects with PayloadTooLargeError and keeps reading (and
 * discarding) what still arrives, so that the 413 can be sent and read before the connection closes: destroying
 * the socket here, with the client still sending, made it see a reset instead of an answer.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (announcedTooLarge(req)) return reject(new PayloadTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(c);
      req.off("data", collect);
      chunks.length = 0;
      reject(new PayloadTooLargeError());
    };
    req.on("data", collect);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Answers 413 with a GraphQL-style error (`extensions.code` PAYLOAD_TOO_LARGE), then closes the connection. When the
 * client may still be sending, the rest of the body is read and discarded first (at most LINGER_MS), then the
 * connection is ended; when the body was never sent (refused before `100 Continue`), it closes at once.
 */
export function answerPayloadTooLarge(req: IncomingMessage, res: ServerResponse, bodyPending = true): void {
  const body = JSON.stringify({ errors: [{ message: `request body larger than ${MAX_BODY_BYTES} bytes`, extensions: { code: "PAYLOAD_TOO_LARGE", limit: MAX_BODY_BYTES } }] });
  const socket = req.socket;
  if (!bodyPending) {
    res.writeHead(413, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" }).end(body);
    return;
  }
  // Not `connection: close` here: Node would destroy the socket right after the answer, with the body still arriving.
  res.writeHead(413, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body);
  req.resume(); // discard the rest
  const close = () => {
    clearTimeout(timer);
    if (!socket.destroyed) socket.end();
  };
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  if (req.complete) res.once("finish", close);
  else req.once("end", () => (res.writableFinished ? close() : res.once("finish", close)));
  socket.once("close", () => clearTimeout(timer));
}

/**
 * Refuses an announced oversize body before `100 Continue` is sent (the client then never sends it); other
 * `Expect: 100-continue` requests get their `100 Continue` and go on as usual.
 */
export function refuseOversizeBeforeContinue(server: Server): void {
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://hub").pathname;
    if (req.method === "POST" && BODY_PATHS.has(path) && announcedTooLarge(req)) return answerPayloadTooLarge(req, res, false);
    res.writeContinue();
    server.emit("request", req, res);
  });
}
