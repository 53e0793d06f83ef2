/**
 * Starts agency simulators and describes them as the hub's AGENCY_ENDPOINTS_JSON. No jest here: the hub's start
 * command uses this too (SIMULATORS=1), so a newcomer sees referrals flow without any partner system.
 */
import { randomBytes } from "node:crypto";
import { AgencySettings } from "../../src/connectors/config";
import { DEFAULT_HUB_TEST_KEY, HubKeyCache, PartnerSigningKey, PublicJwk, partnerKeyPair } from "./partner-signatures";
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
export { DEFAULT_HUB_TEST_KEY, signAsPartner } from "./partner-signatures";
export type { PartnerSigningKey } from "./partner-signatures";

/** Partners that cannot do Ed25519 and are configured with HMAC-SHA256 (军马场's gateway, in this simulation). */
export const HMAC_PARTNERS = ["JMC"];

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
  /** The hub's public keys the simulators trust from the start. Default: {@link DEFAULT_HUB_TEST_KEY}. */
  hubPublicKeys?: PublicJwk[];
}

/** One started simulator and the hub settings that reach it. */
export interface StartedSimulator {
  agencyCode: string;
  simulator: SimulatorHandle;
  /** What parseAgencyEndpoints would return for this agency. */
  settings: AgencySettings;
  /** The partner's own key for signed callbacks to the hub's POST /agency-callback. */
  partnerKey: PartnerSigningKey;
  /** The hub keys this simulator trusts; `useJwksUrl` points it at a running hub's published JWKS. */
  hubKeys: HubKeyCache;
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
  const hubKeys = new HubKeyCache(opts.hubPublicKeys ?? [DEFAULT_HUB_TEST_KEY.publicJwk]);
  // HMAC partners share one secret both ways; the others sign callbacks with their own Ed25519 key.
  const hmac = HMAC_PARTNERS.includes(agencyCode) ? { keyId: `${agencyCode.toLowerCase()}-hmac-1`, secret: randomBytes(32).toString("hex") } : undefined;
  const pair = partnerKeyPair(`${agencyCode.toLowerCase()}-cb-1`);
  const partnerKey: PartnerSigningKey = hmac ? { kid: hmac.keyId, alg: "hmac-sha256", secret: hmac.secret } : pair.signing;
  const signing = hmac ? { signature: "hmac-sha256" as const, keyId: hmac.keyId, secret: hmac.secret } : { signature: "ed25519" as const, callbackKeys: { keys: [pair.publicJwk] } };
  const common = { mode: partner.mode, timeoutMs: opts.timeoutMs ?? 5000, ...signing, ...(opts.circuit ? { circuit: opts.circuit } : {}) };
  if (partner.protocol === "REST_HMAC") {
    const simulator = await startRestAgencySimulator({ ...behaviour, hubKeys, hmac, shape: partner.shape });
    return { agencyCode, simulator, partnerKey, hubKeys, settings: { ...common, protocol: "REST_HMAC", baseUrl: simulator.url } };
  }
  const token = randomBytes(24).toString("base64url");
  const simulator = await startGraphqlAgencySimulator({ ...behaviour, token, hubKeys, hmac, shape: partner.shape });
  return { agencyCode, simulator, partnerKey, hubKeys, settings: { ...common, protocol: "GRAPHQL", baseUrl: simulator.url, token } };
}

/** Every simulator, with the hub settings that reach them. */
export interface RunningSimulators {
  /** The AGENCY_ENDPOINTS_JSON string for the hub. */
  endpointsJson: string;
  simulators: Map<string, SimulatorHandle>;
  /** Each simulator as started (settings, partner key, trusted hub keys). */
  started: Map<string, StartedSimulator>;
  /** Starts callbacks of the callback-mode simulators, for a hub started after them (its URL known only then). */
  connectHub(hubUrl: string, hubTokenFor: (agencyCode: string) => string | Promise<string>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts one simulator per agency: each with its own Ed25519 callback key (军马场 JMC: an HMAC secret instead),
 * GraphQL ones also with a token; 妇联 (DY_FL) and 军马场 (JMC) in poll mode, the others in callback mode.
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
    started: new Map(started.map((s) => [s.agencyCode, s])),
    connectHub: async (hubUrl, hubTokenFor) => {
      // Every partner, pushed to or polled, verifies deliveries against the keys the hub publishes.
      for (const s of started) s.hubKeys.useJwksUrl(new URL("/.well-known/partner-keys.json", hubUrl).toString());
      for (const s of started) if (SIMULATED_PARTNERS[s.agencyCode].mode === "callback") s.simulator.connectHub(hubUrl, await hubTokenFor(s.agencyCode));
    },
    stop: async () => void (await Promise.all(started.map((s) => s.simulator.stop()))),
  };
}
