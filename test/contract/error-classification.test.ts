/** How failures on the wire become connector error kinds. */
import { ConnectorError } from "../../src/connectors/agency-connector";
import { DEFAULT_RETRY_AFTER_MS, errorDetail, errorForFetchFailure, errorForStatus, parseRetryAfter } from "../../src/connectors/error-classification";
import { errorForGraphqlErrors } from "../../src/connectors/graphql/graphql-errors";
import { startAgencySimulator } from "../simulators";
import { caught, connectorFor, sampleDelivery } from "./contract-harness";

describe("parseRetryAfter", () => {
  const now = new Date("2026-06-01T02:00:00Z");
  it.each([
    ["2", 2000],
    [" 120 ", 120_000],
    ["0", 0],
    ["Mon, 01 Jun 2026 02:00:30 GMT", 30_000],
    ["Mon, 01 Jun 2026 01:59:00 GMT", 0],
    [null, DEFAULT_RETRY_AFTER_MS],
    ["", DEFAULT_RETRY_AFTER_MS],
    ["soon", DEFAULT_RETRY_AFTER_MS],
    ["-5", DEFAULT_RETRY_AFTER_MS],
  ])("Retry-After %p → %d ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe("errorForStatus", () => {
  it.each([
    [500, "RETRYABLE"],
    [502, "RETRYABLE"],
    [503, "RETRYABLE"],
    [504, "RETRYABLE"],
    [408, "RETRYABLE"],
    [429, "RATE_LIMITED"],
    [400, "PERMANENT"],
    [401, "PERMANENT"],
    [403, "PERMANENT"],
    [404, "PERMANENT"],
    [409, "PERMANENT"],
    [422, "PERMANENT"],
  ])("HTTP %d → %s", (status, kind) => {
    const e = errorForStatus("DY_CL", status, null);
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({ kind, status, code: `CONNECTOR_${kind}` });
  });

  it("a 429 without Retry-After waits the default second", () => {
    expect(errorForStatus("DY_CL", 429, null).retryAfterMs).toBe(1000);
  });
});

describe("errorForFetchFailure", () => {
  it("a timeout is RETRYABLE and says so", () => {
    const e = errorForFetchFailure("NGQ", new DOMException("aborted", "TimeoutError"), 250);
    expect(e).toMatchObject({ kind: "RETRYABLE", message: "NGQ did not answer within 250 ms" });
  });

  it("a refused connection is RETRYABLE with the system error code", () => {
    const err = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(errorForFetchFailure("NGQ", err, 250)).toMatchObject({ kind: "RETRYABLE", message: "NGQ unreachable (ECONNREFUSED)" });
  });

  it("a partner that is down is RETRYABLE end to end", async () => {
    const started = await startAgencySimulator("NGQ", { ackDelayMs: Infinity, respondDelayMs: Infinity });
    await started.simulator.stop();
    const connector = connectorFor(started);
    expect(await caught(connector.deliver(sampleDelivery("NGQ")))).toMatchObject({ kind: "RETRYABLE" });
    await connector.close?.();
  });
});

describe("errorForGraphqlErrors", () => {
  it.each([
    [["BAD_USER_INPUT"], "PERMANENT"],
    [["GRAPHQL_VALIDATION_FAILED"], "PERMANENT"],
    [["UNAUTHENTICATED"], "PERMANENT"],
    [["FORBIDDEN"], "PERMANENT"],
    [["INTERNAL_SERVER_ERROR"], "RETRYABLE"],
    [["PARTNER_DB_LOCKED"], "RETRYABLE"],
    [[undefined], "RETRYABLE"],
    [["INTERNAL_SERVER_ERROR", "BAD_USER_INPUT"], "PERMANENT"],
  ])("codes %p → %s", (codes, kind) => {
    const errors = codes.map((code) => ({ message: "x", ...(code ? { extensions: { code } } : {}) }));
    expect(errorForGraphqlErrors("SL_YT", errors, 200).kind).toBe(kind);
  });
});

describe("errorDetail", () => {
  it("quotes a REST partner's code and message, or the first GraphQL error's", () => {
    expect(errorDetail({ code: "INVALID_REFERRAL", message: "replyBy: Invalid ISO datetime" })).toBe("INVALID_REFERRAL replyBy: Invalid ISO datetime");
    expect(errorDetail({ errors: [{ message: "bad", extensions: { code: "BAD_USER_INPUT" } }] })).toBe("BAD_USER_INPUT bad");
    expect(errorDetail("x".repeat(500))).toBe("");
    expect(errorDetail({ message: "y".repeat(500) })).toHaveLength(200);
  });
});
