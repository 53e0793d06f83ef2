/** Shared pieces of the connector contract suites: agencies, sample deliveries, waiting, catching. */
import { randomUUID } from "node:crypto";
import { AgencyConnector, ConnectorError, ReferralDelivery } from "../../src/connectors/agency-connector";
import { parseAgencyEndpoints } from "../../src/connectors/config";
import { HubSigningKeys } from "../../src/connectors/http-signatures/keys";
import { createConnectors } from "../../src/connectors/registry";
import { DEFAULT_HUB_TEST_KEY, SIMULATED_AGENCY_CODES, SIMULATED_PARTNERS, StartedSimulator } from "../simulators";

/** The hub's delivery key in these suites: the one the simulators trust by default. */
export const HUB_TEST_KEYS = HubSigningKeys.fromJwksJson(JSON.stringify({ keys: [DEFAULT_HUB_TEST_KEY.privateJwk] }), "test key");

/** [agency code, protocol] of every simulated partner, for describe.each. */
export const AGENCIES = SIMULATED_AGENCY_CODES.map((code) => [code, SIMULATED_PARTNERS[code].protocol] as const);
export const REST_AGENCIES = AGENCIES.filter(([, p]) => p === "REST_HMAC").map(([code]) => code);
export const GRAPHQL_AGENCIES = AGENCIES.filter(([, p]) => p === "GRAPHQL").map(([code]) => code);

/** A realistic referral with fresh ids; the idempotency key follows the hub's `referral-<id>` form. */
export function sampleDelivery(agencyCode: string, over: Partial<ReferralDelivery> = {}): ReferralDelivery {
  const id = String(Math.floor(Math.random() * 1e9));
  return {
    referralId: id,
    idempotencyKey: `referral-${id}-${randomUUID().slice(0, 8)}`,
    petitionNumber: "DY-2026-000123",
    agencyCode,
    role: "CO_HANDLER",
    category: "APPEAL_REQUEST",
    specialGroups: ["DISABLED", "VETERAN_MILITARY"],
    summary: "残疾退役军人反映所在企业拖欠工资三个月",
    request: "请求督促企业支付拖欠工资并落实优抚待遇",
    localityName: "东营区文汇街道",
    expected: ["OPINION", "ACTIONS"],
    responseDueAt: "2026-06-08T15:59:59.999Z",
    petitioners: [
      { name: "张三", phoneMasked: "138****5678" },
      { name: "李四", phoneMasked: null },
    ],
    ...over,
  };
}

/** Builds the agency's connector the way the hub does: settings → JSON → parseAgencyEndpoints → registry. */
export function connectorFor(started: StartedSimulator, override: Record<string, unknown> = {}): AgencyConnector {
  const json = JSON.stringify({ [started.agencyCode]: { ...started.settings, ...override } });
  return createConnectors(parseAgencyEndpoints(json), { hubKeys: HUB_TEST_KEYS }).get(started.agencyCode)!;
}

/** The ConnectorError a call rejects with (fails the test if it resolves or throws something else). */
export async function caught(call: Promise<unknown>): Promise<ConnectorError> {
  const outcome = await call.then(
    (v) => ({ resolved: v }),
    (e: unknown) => ({ rejected: e }),
  );
  if ("resolved" in outcome) throw new Error(`expected a ConnectorError, got ${JSON.stringify(outcome.resolved)}`);
  if (!(outcome.rejected instanceof ConnectorError)) throw outcome.rejected;
  return outcome.rejected;
}

/** Polls until `ok` holds (the simulators advance on timers). */
export async function eventually<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
