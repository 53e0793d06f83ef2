import { createRemoteJWKSet, jwtVerify, JWTPayload } from "jose";
import { Role } from "../domain/petition-terms";

/** Asymmetric algorithms accepted from an identity provider; never `none` or an HMAC. */
export const PROVIDER_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];

/** Roles an external identity may never carry: the gateway is a hub machine client only. */
const NOT_MAPPABLE: readonly Role[] = [Role.GATEWAY];

/** Settings of an OpenID Connect provider whose access tokens the hub accepts (e.g. a city's Keycloak realm). */
export interface ExternalIdpSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Dot path of the claim holding the organisation code, e.g. `org` or `attributes.org_code`. */
  orgClaim: string;
  /** Dot path of the claim holding the roles, e.g. `realm_access.roles` (Keycloak realm roles). */
  rolesClaim: string;
  /** Provider role name → hub role; when absent, provider roles are used as hub role names as they are. */
  roleMap?: Record<string, Role>;
}

/** A provider token's mapped identity. */
export interface ExternalIdentity {
  sub: string;
  org: string;
  roles: Role[];
  exp: number;
}

/** Reads `a.b.c` from a payload. */
function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Turns a provider's role list into hub roles: mapped names only, unknown ones dropped. */
export function mapRoles(raw: unknown, roleMap: Record<string, Role> | undefined): Role[] {
  const names = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/\s+/) : [];
  const known = Object.values(Role) as string[];
  const out = new Set<Role>();
  for (const n of names) {
    if (typeof n !== "string") continue;
    const r = roleMap ? roleMap[n] : known.includes(n) ? (n as Role) : undefined;
    if (r && known.includes(r) && !NOT_MAPPABLE.includes(r)) out.add(r);
  }
  return [...out];
}

/**
 * Verifies an external provider's access tokens against its JWKS (fetched over HTTP by jose, cached, refetched
 * on an unknown kid with a 30 s cooldown), then maps the configured claims onto organisation and roles.
 */
export class ExternalIdpVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(readonly s: ExternalIdpSettings) {
    this.jwks = createRemoteJWKSet(new URL(s.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  }

  async verify(token: string): Promise<ExternalIdentity> {
    const { payload } = await jwtVerify(token, this.jwks, { issuer: this.s.issuer, audience: this.s.audience, algorithms: PROVIDER_ALGS, requiredClaims: ["exp", "sub"] });
    const org = claimAt(payload, this.s.orgClaim);
    if (typeof org !== "string" || !org) throw Object.assign(new Error("provider token has no organisation claim"), { code: "ERR_CLAIM_MAPPING" });
    const roles = mapRoles(claimAt(payload, this.s.rolesClaim), this.s.roleMap);
    if (!roles.length) throw Object.assign(new Error("provider token maps to no hub role"), { code: "ERR_CLAIM_MAPPING" });
    // Prefixed so a provider subject can never pass for a hub subject or a machine client id.
    return { sub: `oidc:${payload.sub}`, org, roles, exp: payload.exp ?? 0 };
  }
}
