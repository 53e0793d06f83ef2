import { DataSource } from "typeorm";
import { Role } from "../domain/petition-terms";
import { Authenticator, ClientStatusCache } from "./authenticate";
import { Config, ConfigError } from "./config";
import { ExternalIdpVerifier } from "./external-idp";
import { HubKeys, KeySetError } from "./keys/key-set";
import { TokenIssuer, TokenVerifier } from "./tokens";

/** Where the embedded default keeps its generated key set (relative to the working directory, like .data/redis). */
export const DEFAULT_KEYS_FILE = ".data/keys/jwks.json";

/**
 * The hub's key set: JWT_KEYS_FILE, or (outside production only) .data/keys/jwks.json, generated with mode 0600
 * on first start and reused afterwards. A missing or broken file in production is a ConfigError (exit 78).
 */
export async function openHubKeys(config: Pick<Config, "NODE_ENV" | "JWT_KEYS_FILE" | "JWT_KEY_OVERLAP_HOURS">): Promise<HubKeys> {
  const production = config.NODE_ENV === "production";
  if (production && !config.JWT_KEYS_FILE) throw new ConfigError("invalid configuration:\n  JWT_KEYS_FILE: signing keys must be configured in production");
  const path = config.JWT_KEYS_FILE ?? DEFAULT_KEYS_FILE;
  try {
    return await HubKeys.open(path, config.JWT_KEY_OVERLAP_HOURS * 3600, { create: !production });
  } catch (e) {
    if (e instanceof KeySetError) throw new ConfigError(`invalid configuration:\n  JWT_KEYS_FILE: ${e.message}`);
    throw e;
  }
}

/** Everything that issues and checks tokens in one hub process. */
export interface Identity {
  keys: HubKeys;
  issuer: TokenIssuer;
  verifier: TokenVerifier;
  clients: ClientStatusCache;
  auth: Authenticator;
}

/** Builds the identity parts from configuration (keys, own verifier, optional external provider, revocation cache). */
export async function createIdentity(config: Config, db: DataSource): Promise<Identity> {
  const keys = await openHubKeys(config);
  const settings = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const issuer = new TokenIssuer(keys, settings);
  const verifier = new TokenVerifier(keys, settings);
  const clients = new ClientStatusCache(db);
  const external =
    config.OIDC_ISSUER && config.OIDC_AUDIENCE && config.OIDC_JWKS_URL
      ? new ExternalIdpVerifier({
          issuer: config.OIDC_ISSUER,
          audience: config.OIDC_AUDIENCE,
          jwksUrl: config.OIDC_JWKS_URL,
          orgClaim: config.OIDC_ORG_CLAIM,
          rolesClaim: config.OIDC_ROLES_CLAIM,
          roleMap: config.OIDC_ROLE_MAP_JSON ? (JSON.parse(config.OIDC_ROLE_MAP_JSON) as Record<string, Role>) : undefined,
        })
      : undefined;
  const auth = new Authenticator(verifier, db, 30_000, { issuer: config.JWT_ISSUER, external, clients });
  return { keys, issuer, verifier, clients, auth };
}
