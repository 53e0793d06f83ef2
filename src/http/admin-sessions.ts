import { createHash, randomBytes } from "node:crypto";
import type Redis from "ioredis";

/** Longest an /admin session lives, whatever the token's own expiry. */
export const MAX_ADMIN_SESSION_SECONDS = 8 * 3600;

/** Who signed in, kept server-side under the session id. */
export interface AdminSession {
  subject: string;
  orgId: number;
  orgCode: string;
  roles: readonly string[];
}

/**
 * Server-side sessions for /admin in Redis. The browser holds only a random 256-bit id; Redis holds its SHA-256, so
 * someone who can read Redis cannot replay a cookie, and the operator's token is never stored at all.
 */
export class AdminSessions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string) {
    return `${this.prefix}:admin-session:${createHash("sha256").update(id).digest("hex")}`;
  }

  /** Creates a session for `ttlSeconds` (1 … 8 h) and returns its id. */
  async create(s: AdminSession, ttlSeconds: number): Promise<string> {
    const id = randomBytes(32).toString("base64url");
    const ttl = Math.max(1, Math.min(MAX_ADMIN_SESSION_SECONDS, Math.floor(ttlSeconds)));
    await this.redis.set(this.key(id), JSON.stringify(s), "EX", ttl);
    return id;
  }

  async get(id: string | undefined): Promise<AdminSession | null> {
    if (!id || !/^[\w-]{43}$/.test(id)) return null;
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as AdminSession) : null;
  }

  async delete(id: string | undefined): Promise<void> {
    if (id && /^[\w-]{43}$/.test(id)) await this.redis.del(this.key(id));
  }
}
