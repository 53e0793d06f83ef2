/** Where the hub's partner-signing keys come from: PARTNER_KEYS_JSON, PARTNER_KEYS_FILE, or a generated file. */
import { join } from "node:path";
import { HubSigningKeys } from "./keys";

/** The settings this needs (a slice of the hub's Config). */
export interface PartnerKeySettings {
  NODE_ENV: string;
  PARTNER_KEYS_JSON?: string;
  PARTNER_KEYS_FILE?: string;
}

/**
 * Loads the hub's delivery-signing keys. Outside production a missing file is created with a fresh Ed25519 key
 * (never a constant in the source); in production configuration validation already requires one of the two.
 */
export function loadPartnerKeys(c: PartnerKeySettings & { AGENCY_ENDPOINTS_JSON?: string }, dataDir = ".data"): HubSigningKeys {
  if (c.PARTNER_KEYS_JSON) return HubSigningKeys.fromJwksJson(c.PARTNER_KEYS_JSON, "PARTNER_KEYS_JSON");
  const file = c.PARTNER_KEYS_FILE ?? join(dataDir, "keys", "partner-signing.json");
  if (c.NODE_ENV === "production" && !c.PARTNER_KEYS_FILE) {
    // A production hub with no partners signs nothing: an in-memory key keeps the JWKS route uniform and no file is
    // written where none was configured. With partners, configuration validation has already required keys.
    if (!c.AGENCY_ENDPOINTS_JSON) return HubSigningKeys.generate();
    throw new Error("PARTNER_KEYS_JSON or PARTNER_KEYS_FILE must be set in production");
  }
  return HubSigningKeys.loadOrCreate(file);
}
