/**
 * One JSON request over fetch with a hard per-request timeout. Every failure comes out as a classified
 * ConnectorError, so the protocol bases only deal with successful answers.
 */
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
 * Sends the request.
 * @throws ConnectorError RETRYABLE on timeout or network failure; classified by status for non-2xx answers;
 * PERMANENT for a 2xx answer that is not JSON.
 */
export async function sendJson(req: JsonRequest): Promise<JsonResponse> {
  let res: Response;
  let text: string;
  try {
    // The signal also aborts reading the body, so a partner trickling bytes cannot hold a worker past the timeout.
    res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(req.timeoutMs) });
    text = await res.text();
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
  const ok = res.status >= 200 && res.status < 300;
  if (!ok && !req.acceptStatuses?.includes(res.status))
    throw errorForStatus(req.agencyCode, res.status, res.headers.get("retry-after"), parsed ? errorDetail(body) : "");
  if (!parsed) throw new ConnectorError("PERMANENT", `${req.agencyCode} answered HTTP ${res.status} with a body that is not JSON`, undefined, res.status);
  return { status: res.status, body };
}
