import { DataSource } from "typeorm";
import { Principal } from "../domain/access/principal";
import { OrganizationEntity } from "../db/entities";
import { TokenVerifier } from "./tokens";

/** Raised for a missing-but-required, forged, expired or malformed credential. */
export class AuthenticationFailed extends Error {}

/**
 * Turns an Authorization header into a principal. No header means anonymous (only introspection and
 * health are open); a bad token is refused outright rather than treated as anonymous.
 */
export class Authenticator {
  private readonly orgs = new Map<string, { org: OrganizationEntity | null; at: number }>();

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly db: DataSource,
    private readonly orgTtlMs = 30_000,
  ) {}

  async principal(authorization: string | undefined): Promise<Principal | null> {
    if (!authorization) return null;
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) throw new AuthenticationFailed("expected 'Authorization: Bearer <token>'");
    let claims;
    try {
      claims = await this.verifier.verify(m[1]);
    } catch (e) {
      throw new AuthenticationFailed(`invalid token: ${(e as { code?: string }).code ?? "malformed"}`);
    }
    const org = await this.org(claims.org);
    if (!org) throw new AuthenticationFailed(`unknown organisation ${claims.org}`);
    return { subject: claims.sub, orgId: org.id, orgCode: org.code, orgKind: org.kind, orgLevel: org.level, roles: claims.roles };
  }

  private async org(code: string): Promise<OrganizationEntity | null> {
    const hit = this.orgs.get(code);
    if (hit && Date.now() - hit.at < this.orgTtlMs) return hit.org;
    const org = await this.db.getRepository(OrganizationEntity).findOneBy({ code });
    this.orgs.set(code, { org, at: Date.now() });
    return org;
  }
}
