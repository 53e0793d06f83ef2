import { createHash } from "node:crypto";

/** The hub refused the caller's token (RFC 8693 `invalid_grant`): the caller is not authenticated. */
export class SubjectTokenRefused extends Error {}

/** The gateway could not get a token for another reason (its own client refused, hub unreachable, bad answer). */
export class TokenExchangeUnavailable extends Error {}

/** How the gateway authenticates at the hub's token endpoint: a machine client with role GATEWAY. */
export interface GatewayClientSettings {
  /** The hub's `POST /oauth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
/** Stop using a cached token this long before it expires, so it never expires in flight. */
const EARLY_S = 30;
const MAX_ENTRIES = 20_000;

/**
 * Obtains, per (caller token, audience), a token the hub issued for that audience alone, carrying the caller's
 * identity and the gateway as actor (RFC 8693). Cached until shortly before expiry; concurrent requests for the
 * same pair share one exchange. The cache key is a hash, so caller tokens are not kept as map keys.
 */
export class TokenExchanger {
  private readonly cache = new Map<string, { token: string; until: number }>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly basic: string;

  constructor(private readonly s: GatewayClientSettings) {
    const enc = (v: string) => encodeURIComponent(v);
    this.basic = `Basic ${Buffer.from(`${enc(s.clientId)}:${enc(s.clientSecret)}`).toString("base64")}`;
  }

  async tokenFor(subjectToken: string, audience: string): Promise<string> {
    const key = createHash("sha256").update(subjectToken).update("\0").update(audience).digest("base64url");
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.token;
    const inflight = this.pending.get(key);
    if (inflight) return inflight;
    const p = this.exchange(subjectToken, audience).then(
      ({ token, expiresIn }) => {
        if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
        this.cache.set(key, { token, until: Date.now() + Math.max(0, expiresIn - EARLY_S) * 1000 });
        return token;
      },
    );
    this.pending.set(key, p);
    try {
      return await p;
    } finally {
      this.pending.delete(key);
    }
  }

  private async exchange(subjectToken: string, audience: string): Promise<{ token: string; expiresIn: number }> {
    const body = new URLSearchParams({ grant_type: EXCHANGE, subject_token: subjectToken, subject_token_type: ACCESS_TOKEN, requested_token_type: ACCESS_TOKEN, audience });
    let res: Response;
    try {
      res = await fetch(this.s.tokenUrl, { method: "POST", headers: { authorization: this.basic, "content-type": "application/x-www-form-urlencoded" }, body, signal: AbortSignal.timeout(5_000) });
    } catch (e) {
      throw new TokenExchangeUnavailable(`token endpoint unreachable: ${(e as Error).message}`);
    }
    const json = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (res.ok && json.access_token) return { token: json.access_token, expiresIn: Number(json.expires_in ?? 0) };
    if (res.status === 400 && json.error === "invalid_grant") throw new SubjectTokenRefused(json.error_description ?? "subject token refused");
    throw new TokenExchangeUnavailable(`token exchange failed: HTTP ${res.status} ${json.error ?? ""} ${json.error_description ?? ""}`.trim());
  }
}
