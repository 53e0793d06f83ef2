/**
 * Builds one connector per configured agency. Which client (and so which partner shapes) serves an agency code
 * is fixed here; endpoints and credentials come from configuration (config.ts).
 */
import { AgencyConnector, ConnectorProtocol } from "./agency-connector";
import { createAgriZoneConnector } from "./agri-zone/client";
import { AgencyEndpoint, AgencyEndpoints } from "./config";
import { createDisabledFederationConnector } from "./disabled-federation/client";
import { GraphqlSettings } from "./graphql/graphql-connector";
import { createHorseFarmConnector } from "./horse-farm/client";
import { createHumanResourcesConnector } from "./human-resources/client";
import { RestHmacSettings } from "./rest-hmac/rest-hmac-connector";
import { createShengliOilfieldConnector } from "./shengli-oilfield/client";
import { createVeteransAffairsConnector } from "./veterans-affairs/client";
import { createWomensFederationConnector } from "./womens-federation/client";

type ClientEntry =
  | { protocol: "REST_HMAC"; create: (s: RestHmacSettings) => AgencyConnector }
  | { protocol: "GRAPHQL"; create: (s: GraphqlSettings) => AgencyConnector };

/** The client of each partner agency and special unit, by organisation code. */
export const AGENCY_CLIENTS: Readonly<Record<string, ClientEntry>> = {
  DY_CL: { protocol: "REST_HMAC", create: createDisabledFederationConnector },
  DY_FL: { protocol: "REST_HMAC", create: createWomensFederationConnector },
  DY_TYJR: { protocol: "GRAPHQL", create: createVeteransAffairsConnector },
  DY_RSJ: { protocol: "REST_HMAC", create: createHumanResourcesConnector },
  SL_YT: { protocol: "GRAPHQL", create: createShengliOilfieldConnector },
  JMC: { protocol: "REST_HMAC", create: createHorseFarmConnector },
  NGQ: { protocol: "REST_HMAC", create: createAgriZoneConnector },
};

/** The protocol each known agency speaks. */
export function protocolOf(agencyCode: string): ConnectorProtocol | undefined {
  return AGENCY_CLIENTS[agencyCode]?.protocol;
}

function createOne(agencyCode: string, e: AgencyEndpoint): AgencyConnector {
  const client = AGENCY_CLIENTS[agencyCode];
  if (!client) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}: no connector for this agency (known: ${Object.keys(AGENCY_CLIENTS).join(", ")})`);
  if (client.protocol !== e.protocol) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}.protocol: this agency speaks ${client.protocol}, not ${e.protocol}`);
  const common = { agencyCode, baseUrl: e.baseUrl, timeoutMs: e.timeoutMs, circuit: e.circuit };
  // parseAgencyEndpoints already requires these per protocol; the checks keep settings built by hand honest too.
  if (client.protocol === "REST_HMAC") {
    if (!e.keyId || !e.secret) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}: keyId and secret are required for REST_HMAC`);
    return client.create({ ...common, keyId: e.keyId, secret: e.secret });
  }
  if (!e.token) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}.token: required for GRAPHQL`);
  return client.create({ ...common, token: e.token });
}

/**
 * One connector per configured agency.
 * @throws Error for an agency without a client or a protocol that does not match its client.
 */
export function createConnectors(settings: AgencyEndpoints): Map<string, AgencyConnector> {
  const connectors = new Map<string, AgencyConnector>();
  for (const [code, endpoint] of Object.entries(settings)) connectors.set(code, createOne(code, endpoint));
  return connectors;
}

/** Closes every connector (their breakers' timers). */
export async function closeConnectors(connectors: Map<string, AgencyConnector>): Promise<void> {
  await Promise.all([...connectors.values()].map((c) => c.close?.()));
}
