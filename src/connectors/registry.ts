/**
 * Builds one connector per configured agency: the agency's mapping (./partners.ts, one folder each) interpreted
 * by the one generic connector, with endpoint, credentials and signature choice from configuration (config.ts).
 */
import { AgencyConnector, ConnectorProtocol } from "./agency-connector";
import { AgencyEndpoint, AgencyEndpoints } from "./config";
import { HubSigningKeys } from "./http-signatures/keys";
import { requestSigner } from "./http-signatures/request-signer";
import { createMappedConnector } from "./mapping/mapped-connector";
import { PARTNER_MAPPINGS } from "./partners";

/** The protocol each known agency speaks. */
export function protocolOf(agencyCode: string): ConnectorProtocol | undefined {
  return PARTNER_MAPPINGS[agencyCode]?.protocol;
}

/** What connectors sign with. */
export interface ConnectorKeys {
  /** The hub's Ed25519 delivery keys; required when any agency uses `signature: "ed25519"` (the default). */
  hubKeys?: HubSigningKeys;
}

function createOne(agencyCode: string, e: AgencyEndpoint, keys: ConnectorKeys): AgencyConnector {
  const mapping = PARTNER_MAPPINGS[agencyCode];
  if (!mapping) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}: no connector for this agency (known: ${Object.keys(PARTNER_MAPPINGS).join(", ")})`);
  if (mapping.protocol !== e.protocol) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}.protocol: this agency speaks ${mapping.protocol}, not ${e.protocol}`);
  let signer;
  if (e.signature === "hmac-sha256") {
    // parseAgencyEndpoints already requires these; the check keeps settings built by hand honest too.
    if (!e.keyId || !e.secret) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}: keyId and secret are required for hmac-sha256`);
    signer = requestSigner({ kid: e.keyId, alg: "hmac-sha256", secret: Buffer.from(e.secret, "utf8") });
  } else {
    if (!keys.hubKeys) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}: signature ed25519 needs the hub's signing key`);
    const hubKeys = keys.hubKeys;
    // The active key is read per request, so a key set reloaded in place takes effect without a restart.
    signer = (method: string, url: string, body: string) => requestSigner(hubKeys.active)(method, url, body);
  }
  if (e.protocol === "GRAPHQL" && !e.token) throw new Error(`AGENCY_ENDPOINTS_JSON.${agencyCode}.token: required for GRAPHQL`);
  return createMappedConnector(mapping, { agencyCode, baseUrl: e.baseUrl, timeoutMs: e.timeoutMs, circuit: e.circuit, token: e.token, signer });
}

/**
 * One connector per configured agency.
 * @throws Error for an agency without a mapping, a protocol that does not match it, or missing keys.
 */
export function createConnectors(settings: AgencyEndpoints, keys: ConnectorKeys = {}): Map<string, AgencyConnector> {
  const connectors = new Map<string, AgencyConnector>();
  for (const [code, endpoint] of Object.entries(settings)) connectors.set(code, createOne(code, endpoint, keys));
  return connectors;
}

/** Closes every connector (their breakers' timers). */
export async function closeConnectors(connectors: Map<string, AgencyConnector>): Promise<void> {
  await Promise.all([...connectors.values()].map((c) => c.close?.()));
}
