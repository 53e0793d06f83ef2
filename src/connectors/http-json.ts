/**
 * One JSON request over a keep-alive connection pool with a hard per-request timeout. Every failure comes out as a
 * classified ConnectorError, so the protocol bases only deal with successful answers.
 */
import { Agent, request } from "undici";
import { ConnectorError } from "./agency-connector";
import { errorDetail, errorForFetchFailure, errorForStatus } from "./error-classification";

/** A request to a partner. */
export interface JsonRequest {
  agencyCode: string;
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** Already serialised, because signatures cover the exact bytes sent. */
  body?: string;
  /** Covers connecting, waiting and reading the body. */
  timeoutMs: number;
  /** Statuses the caller handles itself instead of getting an error (e.g. 404 on a status lookup). */
  acceptStatuses?: number[];
}

/** A partner's answer: status and the parsed body (undefined when empty). */
export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * One undici Agent for every partner: it keeps a Pool of keep-alive connections per origin, so a delivery reuses
 * a warm socket instead of paying for fetch's WHATWG Request/Response/stream layers on each call (the issue-8 bench
 * measured that per-call overhead). Connections per origin are bounded so a stalled partner cannot open sockets
 * without limit; idle sockets close before the usual server-side keep-alive timeout (Node's default is 5 s), and
 * undici also honours a shorter `Keep-Alive: timeout=` hint, so a request rarely lands on a socket the partner
 * has just closed (if it does, that is a RETRYABLE failure and the partner dedupes the retry on the idempotency key).
 */
const partners = new Agent({ connections: 64, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 });

/**
 * Sends the request.
 * @throws ConnectorError RETRYABLE on timeout or network failure; classified by status for non-2xx answers;
 * PERMANENT for a 2xx answer that is not JSON.
 */
export async function sendJson(req: JsonRequest): Promise<JsonResponse> {
  let status: number;
  let retryAfter: string | null;
  let text: string;
  try {
    // The signal also aborts reading the body, so a partner trickling bytes cannot hold a worker past the timeout;
    // undici rejects with the signal's reason (a TimeoutError), as fetch did.
    const res = await request(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(req.timeoutMs), dispatcher: partners });
    status = res.statusCode;
    const ra = res.headers["retry-after"];
    retryAfter = (Array.isArray(ra) ? ra[0] : ra) ?? null;
    text = await res.body.text();
  } catch (err) {
    throw errorForFetchFailure(req.agencyCode, err, req.timeoutMs);
  }
  let body: unknown;
  let parsed = true;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = false;
  }
  const ok = status >= 200 && status < 300;
  if (!ok && !req.acceptStatuses?.includes(status)) throw errorForStatus(req.agencyCode, status, retryAfter, parsed ? errorDetail(body) : "");
  if (!parsed) throw new ConnectorError("PERMANENT", `${req.agencyCode} answered HTTP ${status} with a body that is not JSON`, undefined, status);
  return { status, body };
}
