/**
 * Starts agency simulators and describes them as the hub's AGENCY_ENDPOINTS_JSON. No jest here: the hub's start
 * command uses this too (SIMULATORS=1), so a newcomer sees referrals flow without any partner system.
 */
import { randomBytes } from "node:crypto";
import { AgencySettings } from "../../src/connectors/config";
import { startGraphqlAgencySimulator } from "./graphql-agency-simulator";
import { SIMULATED_AGENCY_CODES, SIMULATED_PARTNERS } from "./partners";
import { startRestAgencySimulator } from "./rest-agency-simulator";
import { SimulatorHandle } from "./simulator-server";
import { SimResponse } from "./simulator-types";

export type { SimulatorHandle } from "./simulator-server";
export type { CallbackRecord, Delivery, SimCase, SimResponse } from "./simulator-types";
export { SIMULATED_AGENCY_CODES, SIMULATED_PARTNERS } from "./partners";
export { startRestAgencySimulator } from "./rest-agency-simulator";
export { startGraphqlAgencySimulator } from "./graphql-agency-simulator";

/** Options shared by {@link startAgencySimulator} and {@link startAllSimulators}. */
export interface SimulatorOptions {
  /** The hub's GraphQL endpoint for callbacks; without it (or a token) simulators only advance their status. */
  hubUrl?: string;
  /** The agency's own token for the hub (e.g. a HANDLER token of that organisation). */
  hubTokenFor?: (agencyCode: string) => string | Promise<string>;
  /** Time from receipt to 签收. Default 500 ms. */
  ackDelayMs?: number;
  /** Time from receipt to the answer. Default 1500 ms. */
  respondDelayMs?: number;
  /** The hub's per-request timeout for these endpoints. Default 5000 ms. */
  timeoutMs?: number;
  /** Circuit-breaker tuning for these endpoints. */
  circuit?: AgencySettings["circuit"];
  /** The answer every simulator gives. */
  response?: SimResponse;
}

/** One started simulator and the hub settings that reach it. */
export interface StartedSimulator {
  agencyCode: string;
  simulator: SimulatorHandle;
  /** What parseAgencyEndpoints would return for this agency. */
  settings: AgencySettings;
}

/** Starts the simulator of one agency code, with fresh credentials. */
export async function startAgencySimulator(agencyCode: string, opts: SimulatorOptions = {}): Promise<StartedSimulator> {
  const partner = SIMULATED_PARTNERS[agencyCode];
  if (!partner) throw new Error(`no simulator for ${agencyCode} (known: ${SIMULATED_AGENCY_CODES.join(", ")})`);
  // Agencies in poll mode cannot reach the hub, by definition; the others call back when a hub is given.
  const hubToken = partner.mode === "callback" && opts.hubUrl && opts.hubTokenFor ? await opts.hubTokenFor(agencyCode) : undefined;
  const behaviour = {
    agencyCode,
    hubUrl: opts.hubUrl,
    hubToken,
    callback: hubToken ? ("graphql" as const) : ("none" as const),
    ackDelayMs: opts.ackDelayMs ?? 500,
    respondDelayMs: opts.respondDelayMs ?? 1500,
    response: opts.response,
  };
  const common = { mode: partner.mode, timeoutMs: opts.timeoutMs ?? 5000, ...(opts.circuit ? { circuit: opts.circuit } : {}) };
  if (partner.protocol === "REST_HMAC") {
    const keyId = `hub-${agencyCode.toLowerCase()}`;
    const secret = randomBytes(32).toString("hex");
    const simulator = await startRestAgencySimulator({ ...behaviour, keyId, secret, shape: partner.shape });
    return { agencyCode, simulator, settings: { ...common, protocol: "REST_HMAC", baseUrl: simulator.url, keyId, secret } };
  }
  const token = randomBytes(24).toString("base64url");
  const simulator = await startGraphqlAgencySimulator({ ...behaviour, token, shape: partner.shape });
  return { agencyCode, simulator, settings: { ...common, protocol: "GRAPHQL", baseUrl: simulator.url, token } };
}

/** Every simulator, with the hub settings that reach them. */
export interface RunningSimulators {
  /** The AGENCY_ENDPOINTS_JSON string for the hub. */
  endpointsJson: string;
  simulators: Map<string, SimulatorHandle>;
  /** Starts callbacks of the callback-mode simulators, for a hub started after them (its URL known only then). */
  connectHub(hubUrl: string, hubTokenFor: (agencyCode: string) => string | Promise<string>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts one simulator per agency: REST ones with a key id and secret, GraphQL ones with a token; 妇联 (DY_FL) and
 * 军马场 (JMC) in poll mode, the others in callback mode.
 */
export async function startAllSimulators(opts: SimulatorOptions & { only?: string[] } = {}): Promise<RunningSimulators> {
  const codes = opts.only ?? SIMULATED_AGENCY_CODES;
  const started: StartedSimulator[] = [];
  try {
    for (const code of codes) started.push(await startAgencySimulator(code, opts));
  } catch (e) {
    await Promise.all(started.map((s) => s.simulator.stop()));
    throw e;
  }
  return {
    endpointsJson: JSON.stringify(Object.fromEntries(started.map((s) => [s.agencyCode, s.settings]))),
    simulators: new Map(started.map((s) => [s.agencyCode, s.simulator])),
    connectHub: async (hubUrl, hubTokenFor) => {
      for (const s of started) if (SIMULATED_PARTNERS[s.agencyCode].mode === "callback") s.simulator.connectHub(hubUrl, await hubTokenFor(s.agencyCode));
    },
    stop: async () => void (await Promise.all(started.map((s) => s.simulator.stop()))),
  };
}
