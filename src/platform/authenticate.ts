import { DataSource } from "typeorm";
import { Principal } from "../domain/access/principal";
import { decodeJwt } from "jose";
import { OrganizationEntity } from "../db/entities";
import { MachineClientEntity } from "../db/entities/machine-client.entity";
import { ExternalIdpVerifier } from "./external-idp";
import { TokenClaims, TokenVerifier } from "./tokens";
import { orgPath } from "../db/org-tree";
import { LIMITS } from "../domain/limits";

/** Raised for a missing-but-required, forged, expired or malformed credential. */
export class AuthenticationFailed extends Error {}

/**
 * Whether a machine client may still use its tokens. Read from the database and cached for at most `ttlMs`
 * (default 5 s), so a revocation takes effect on every process within that time; `forget` drops the entry at
 * once in the process that revoked.
 */
export class ClientStatusCache {
  private readonly entries = new Map<string, { active: boolean; at: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly ttlMs = 5_000,
  ) {}

  async active(clientId: string): Promise<boolean> {
    const hit = this.entries.get(clientId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.active;
    const row = await this.db.getRepository(MachineClientEntity).findOne({ where: { clientId }, select: { id: true, revokedAt: true } });
    const active = !!row && row.revokedAt === null;
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(clientId, { active, at: Date.now() });
    return active;
  }

  forget(clientId: string): void {
    this.entries.delete(clientId);
  }
}

/** Optional parts of authentication: an external identity provider and the machine-client revocation check. */
export interface AuthenticatorOptions {
  /** The hub's own issuer (`JWT_ISSUER`); tokens naming another issuer go to `external` or are refused. */
  issuer: string;
  external?: ExternalIdpVerifier;
  clients?: ClientStatusCache;
}

/**
 * Turns an Authorization header into a principal. No header means anonymous (only introspection and
 * health are open); a bad token is refused outright rather than treated as anonymous. Accepted: the hub's
 * own tokens (ES256, its kid, its audience) and, when configured, an external provider's; the unverified `iss`
 * only picks the verifier, and each verifier then checks everything itself.
 */
export class Authenticator {
  private readonly orgs = new Map<string, { org: OrganizationEntity | null; at: number }>();

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly db: DataSource,
    private readonly orgTtlMs = 30_000,
    private readonly opts: AuthenticatorOptions = { issuer: "petition-hub" },
  ) {}

  /** Verifies any token the hub accepts and checks that the machine clients behind it are not revoked. */
  async verifyToken(token: string): Promise<TokenClaims & { exp: number }> {
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw new AuthenticationFailed("invalid token: malformed");
    }
    let claims: TokenClaims & { exp: number };
    try {
      if (this.opts.external && iss === this.opts.external.s.issuer) claims = await this.opts.external.verify(token);
      else claims = await this.verifier.verify(token);
    } catch (e) {
      throw new AuthenticationFailed(`invalid token: ${(e as { code?: string }).code ?? "malformed"}`);
    }
    // Every subject is recorded as an actor; one longer than the actor columns would fail every mutation later.
    if (claims.sub.length > LIMITS.subject || (claims.act && claims.act.sub.length > LIMITS.subject))
      throw new AuthenticationFailed(`invalid token: subject longer than ${LIMITS.subject} characters`);
    for (const clientId of [claims.client_id, claims.subject_client_id]) {
      if (clientId && this.opts.clients && !(await this.opts.clients.active(clientId))) throw new AuthenticationFailed("invalid token: client revoked");
    }
    return claims;
  }

  async principal(authorization: string | undefined): Promise<Principal | null> {
    if (!authorization) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) throw new AuthenticationFailed("expected 'Authorization: Bearer <token>'");
    const claims = await this.verifyToken(m[1]);
    const org = await this.org(claims.org);
    if (!org) throw new AuthenticationFailed(`unknown organisation ${claims.org}`);
    return { subject: claims.sub, orgId: org.id, orgCode: org.code, orgKind: org.kind, orgLevel: org.level, orgPath: await orgPath(this.db, org.id), roles: claims.roles, ...(claims.act ? { via: claims.act.sub } : {}) };
  }

  /** The organisation a verified token names (cached), for the token endpoint. */
  async organization(code: string): Promise<OrganizationEntity | null> {
    return this.org(code);
  }

  private async org(code: string): Promise<OrganizationEntity | null> {
    const hit = this.orgs.get(code);
    if (hit && Date.now() - hit.at < this.orgTtlMs) return hit.org;
    const org = await this.db.getRepository(OrganizationEntity).findOneBy({ code });
    this.orgs.set(code, { org, at: Date.now() });
    return org;
  }
}
