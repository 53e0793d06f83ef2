import type Redis from "ioredis";

/** How many wrong attempts a key may make in one window. */
export interface AttemptLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Counts failed attempts per key in Redis, so every hub process behind a balancer shares the count (fixed windows:
 * the first failure starts the window, it expires on its own). Only failures count: a petitioner who types the
 * right code is never slowed down, a guesser is stopped after `max` wrong ones. If Redis cannot answer, the check
 * throws and the lookup fails closed.
 */
export class AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The keys among `keys` that have used up their limit. */
  async exhausted(keys: readonly { key: string; limit: AttemptLimit }[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const counts = await this.redis.mget(...keys.map((k) => this.prefix + k.key));
    return keys.filter((k, i) => Number(counts[i] ?? 0) >= k.limit.max).map((k) => k.key);
  }

  /** Records one failure against each key; a key's window starts with its first failure. */
  async fail(keys: readonly { key: string; limit: AttemptLimit }[]): Promise<void> {
    const m = this.redis.multi();
    for (const k of keys) {
      m.incr(this.prefix + k.key);
      m.expire(this.prefix + k.key, k.limit.windowSeconds, "NX");
    }
    await m.exec();
  }
}
