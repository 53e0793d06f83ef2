import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { Role } from "../domain/petition-terms";

/** Claims the hub expects: subject, organisation code and roles. */
export const tokenClaims = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  roles: z.array(z.enum(Role)).min(1),
});
export type TokenClaims = z.infer<typeof tokenClaims>;

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
}

const key = (s: TokenSettings) => new TextEncoder().encode(s.secret);

/** Signs an HS256 token; used by the dev token command, the demo and tests. */
export async function signToken(s: TokenSettings, claims: TokenClaims, ttlSeconds = 8 * 3600): Promise<string> {
  return new SignJWT({ org: claims.org, roles: claims.roles })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuer(s.issuer)
    .setAudience(s.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(s));
}

/**
 * Verifies signature, issuer, audience and expiry, then the claim shapes. Verified tokens are cached until
 * they expire, since the same agency token arrives on every request.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, { claims: TokenClaims; exp: number }>();
  private readonly secret: Uint8Array;

  constructor(private readonly s: TokenSettings) {
    this.secret = key(s);
  }

  async verify(token: string): Promise<TokenClaims> {
    const hit = this.cache.get(token);
    if (hit && hit.exp > Date.now()) return hit.claims;
    const { payload } = await jwtVerify(token, this.secret, { issuer: this.s.issuer, audience: this.s.audience, algorithms: ["HS256"], requiredClaims: ["exp", "sub"] });
    const claims = tokenClaims.parse(payload);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { claims, exp: (payload.exp ?? 0) * 1000 });
    return claims;
  }
}
