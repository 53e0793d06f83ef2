/** Connection options for BullMQ. An options object (not an instance) lets BullMQ own and close its connections. */
export function redisOptions(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: Number(u.pathname.replace("/", "") || 0),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    tls: u.protocol === "rediss:" ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * Connection options for producers (queues that add or read jobs, never block on them): every command fails after
 * `commandTimeoutMs` instead of waiting for a stalled Redis forever. Not for workers, whose blocking fetch waits on purpose.
 */
export function producerRedisOptions(url: string, commandTimeoutMs: number) {
  return { ...redisOptions(url), commandTimeout: commandTimeoutMs };
}
