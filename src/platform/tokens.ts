import { randomUUID } from "node:crypto";
import { errors, JWTHeaderParameters, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { Role } from "../domain/petition-terms";
import { HUB_ALG, HubKeys } from "./keys/key-set";
import { LIMITS } from "../domain/limits";

const SUBJECT_TOO_LONG = `subject longer than ${LIMITS.subject} characters`;

/** RFC 8693 `act` claim: who acts on behalf of the subject (nested for chains). */
export interface ActorClaim {
  sub: string;
  act?: ActorClaim;
}
const actorClaim: z.ZodType<ActorClaim> = z.lazy(() => z.object({ sub: z.string().min(1).max(LIMITS.subject, SUBJECT_TOO_LONG), act: actorClaim.optional() }));

/**
 * Claims of every token the hub accepts: subject, organisation code and roles; machine-client tokens also carry
 * `client_id` (and, when exchanged from another client's token, `subject_client_id`), exchanged tokens `act`.
 */
export const tokenClaims = z.object({
  /** Bounded like the actor columns it is recorded in (src/domain/limits.ts). */
  sub: z.string().min(1).max(LIMITS.subject, SUBJECT_TOO_LONG),
  org: z.string().min(1),
  roles: z.array(z.enum(Role)).min(1),
  client_id: z.string().min(1).optional(),
  subject_client_id: z.string().min(1).optional(),
  act: actorClaim.optional(),
});
export type TokenClaims = z.infer<typeof tokenClaims>;

/** Issuer and audience of the hub's own tokens. */
export interface TokenSettings {
  issuer: string;
  audience: string;
}

/** Options for one issued token. */
export interface SignOptions {
  /** Defaults to the hub's audience. */
  audience?: string;
  ttlSeconds?: number;
  /** Absolute expiry (Unix seconds); wins over ttlSeconds when earlier. */
  notAfter?: number;
}

/**
 * Issues the hub's tokens: ES256 with the current key's `kid` in the header, `iss`, `aud`, `iat`, `exp`, `jti`.
 * Used by the token endpoint, `npm run token`, the demo and tests.
 */
export class TokenIssuer {
  constructor(
    readonly keys: HubKeys,
    readonly settings: TokenSettings,
  ) {}

  async sign(claims: TokenClaims, o: SignOptions = {}): Promise<{ token: string; exp: number }> {
    await this.keys.refresh();
    const { kid, privateKey } = this.keys.current();
    const now = Math.floor(Date.now() / 1000);
    let exp = now + (o.ttlSeconds ?? 900);
    if (o.notAfter !== undefined) exp = Math.min(exp, o.notAfter);
    const { sub, ...rest } = claims;
    const token = await new SignJWT({ ...rest })
      .setProtectedHeader({ alg: HUB_ALG, kid, typ: "at+jwt" })
      .setSubject(sub)
      .setIssuer(this.settings.issuer)
      .setAudience(o.audience ?? this.settings.audience)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(privateKey);
    return { token, exp };
  }
}

/**
 * Verifies the hub's own tokens: alg ES256 only, a `kid` naming a key of the hub's set that may still verify,
 * iss, aud (the hub's audience; a token exchanged for a subgraph is refused), exp and sub required, then the
 * claim shapes. Verified tokens are cached for up to a minute, since the same agency token arrives on every
 * request; the cache never outlives `exp`, and is short so a key leaving the overlap stops verifying soon.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, { claims: TokenClaims; exp: number; until: number }>();

  constructor(
    private readonly keys: HubKeys,
    private readonly s: TokenSettings,
  ) {}

  async verify(token: string): Promise<TokenClaims & { exp: number }> {
    const hit = this.cache.get(token);
    const now = Date.now();
    if (hit && hit.until > now) return { ...hit.claims, exp: hit.exp };
    // Throttled mtime check: a rotation written by `npm run keys:rotate` reaches this process within seconds.
    await this.keys.refresh();
    const getKey = async (h: JWTHeaderParameters) => {
      if (h.alg !== HUB_ALG) throw new errors.JOSEAlgNotAllowed("unexpected alg");
      if (!h.kid) throw new errors.JWKSNoMatchingKey("token has no kid");
      let key = this.keys.verificationKey(h.kid);
      if (!key && !this.keys.has(h.kid)) {
        // Maybe another process rotated the file a moment ago.
        await this.keys.refresh(1_000);
        key = this.keys.verificationKey(h.kid);
      }
      if (!key) throw new errors.JWKSNoMatchingKey("no key of the hub's set matches the kid");
      return key;
    };
    const { payload } = await jwtVerify(token, getKey, { issuer: this.s.issuer, audience: this.s.audience, algorithms: [HUB_ALG], requiredClaims: ["exp", "sub"] });
    const parsed = tokenClaims.safeParse(payload);
    // The claim problem becomes the refusal's reason ("invalid token: subject longer than 100 characters").
    if (!parsed.success) throw Object.assign(new Error("token claims"), { code: [...new Set(parsed.error.issues.map((i) => i.message))].join("; ") });
    const claims = parsed.data;
    const exp = (payload.exp ?? 0) * 1000;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, { claims, exp: payload.exp ?? 0, until: Math.min(exp, now + 60_000) });
    return { ...claims, exp: payload.exp ?? 0 };
  }
}
