/**
 * Turns what went wrong on the wire into a {@link ConnectorError} of the right kind, the same way for every
 * protocol: the delivery worker's retry decisions depend on nothing else.
 */
import { z } from "zod";
import { ConnectorError } from "./agency-connector";

/** Wait used when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * Reads Retry-After: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 * @returns milliseconds to wait; {@link DEFAULT_RETRY_AFTER_MS} when missing or unreadable; 0 for a past date.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number {
  const v = value?.trim();
  if (!v) return DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date always names a day or month; this keeps Date.parse from reading "-5" as a year.
  const at = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(at)) return DEFAULT_RETRY_AFTER_MS;
  return Math.max(0, at - now.getTime());
}

/**
 * 5xx and 408 are the partner's (or a proxy's) trouble and may pass; 429 asks the hub to slow down; any other
 * 4xx (410 Gone included) means this request will never be accepted as it is.
 */
export function errorForStatus(agencyCode: string, status: number, retryAfter: string | null, detail = ""): ConnectorError {
  const what = `${agencyCode} answered HTTP ${status}${detail ? `: ${detail}` : ""}`;
  if (status === 429) return new ConnectorError("RATE_LIMITED", what, parseRetryAfter(retryAfter), status);
  // A 503 (or any 5xx) may say when to come back; the retry schedule then waits at least that long.
  if (status >= 500 || status === 408) return new ConnectorError("RETRYABLE", what, retryAfter ? parseRetryAfter(retryAfter) : undefined, status);
  // 410 Gone: the partner retired this endpoint or case; no retry can succeed (dead letter at once).
  return new ConnectorError("PERMANENT", what, undefined, status);
}

/**
 * The request (fetch or undici) rejected: it timed out, was aborted, or never got an answer (refused, reset, DNS).
 * Errors are read by name and code, not instanceof: undici's DOMException may come from another realm.
 */
export function errorForFetchFailure(agencyCode: string, err: unknown, timeoutMs: number): ConnectorError {
  const e = (err ?? {}) as { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } };
  if (e.name === "TimeoutError" || e.name === "AbortError")
    return new ConnectorError("RETRYABLE", `${agencyCode} did not answer within ${timeoutMs} ms`, undefined, undefined, { cause: err });
  // fetch wraps the socket error in `cause`; undici's request() rejects with it (or its own UND_ERR_* error) directly.
  const code = typeof e.cause?.code === "string" ? e.cause.code : typeof e.code === "string" ? e.code : typeof e.message === "string" ? e.message : String(err);
  return new ConnectorError("RETRYABLE", `${agencyCode} unreachable (${code})`, undefined, undefined, { cause: err });
}

/**
 * The hub's referral cannot be put into the partner's format (e.g. a due date that is not a date): resending
 * it unchanged cannot help, so it is PERMANENT and an operator fixes the data.
 */
export function errorForMapping(agencyCode: string, err: unknown): ConnectorError {
  const message = (err as { message?: unknown } | null)?.message;
  const why = typeof message === "string" ? message : String(err);
  return new ConnectorError("PERMANENT", `the referral cannot be expressed in ${agencyCode}'s format: ${why}`, undefined, undefined, { cause: err });
}

/**
 * A partner payload the hub cannot read is PERMANENT: resending the same request would get the same answer, and
 * an operator has to look at it. Only paths and messages are reported, never the values (they may be personal).
 */
export function errorForBadPayload(agencyCode: string, what: string, error: z.ZodError, status?: number): ConnectorError {
  const issues = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  return new ConnectorError("PERMANENT", `${agencyCode} sent an unreadable ${what}: ${issues}`, undefined, status);
}

/**
 * A short hint from an error body: the partner's `code` and `message` if it sent JSON, or the first GraphQL
 * error's code and message. Cut to 200 characters, since partners sometimes echo input back.
 */
export function errorDetail(body: unknown): string {
  if (!body || typeof body !== "object") return "";
  const o = body as { code?: unknown; message?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  const first = Array.isArray(o.errors) ? o.errors[0] : undefined;
  const parts = [o.code, o.message, first?.extensions?.code, first?.message].filter((p): p is string => typeof p === "string");
  return parts.join(" ").slice(0, 200);
}
