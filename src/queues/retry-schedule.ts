/**
 * The published retry schedule of the partner contract (docs/partners.md §Retries): after a failed delivery
 * attempt the next one waits 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h, 24 h, 24 h, 24 h (≈ 94 h in all), each
 * ±20 % jitter so that partners recovering from an outage are not hit by every hub retry at once. A partner's
 * Retry-After (429, or 5xx with the header) is honoured when it asks for longer. 410 Gone and other permanent
 * refusals stop at once; after the last retry the delivery is a dead letter (a failed job kept for replay).
 */

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Waits before retry 1, 2, …; the delivery is attempted 1 + length times. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [1 * MIN, 5 * MIN, 15 * MIN, 1 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 24 * HOUR, 24 * HOUR];

/** Jitter as a fraction of each wait, either way. */
export const RETRY_JITTER = 0.2;

/** Every attempt may be retried at most this often in total; BullMQ's `attempts` just has to be larger. */
export const MAX_DELIVERY_ATTEMPTS = 1000;

/**
 * The wait before the next attempt, or -1 when the schedule is used up (BullMQ then fails the job).
 * @param attemptsMade attempts made so far, the one that just failed included (1 after the first failure)
 * @param random a number in [0, 1) (Math.random in production; fixed in tests)
 * @param retryAfterMs what the partner asked for, if anything; the wait is never shorter
 */
export function retryDelayMs(attemptsMade: number, schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS, random: number = Math.random(), retryAfterMs?: number): number {
  if (!Number.isInteger(attemptsMade) || attemptsMade < 1 || attemptsMade > schedule.length) return -1;
  const base = schedule[attemptsMade - 1];
  const jittered = Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** The longest and shortest total time the schedule can spend retrying (jitter at its extremes). */
export function scheduleSpanMs(schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE_MS): { min: number; max: number } {
  const total = schedule.reduce((a, b) => a + b, 0);
  return { min: Math.round(total * (1 - RETRY_JITTER)), max: Math.round(total * (1 + RETRY_JITTER)) };
}

/**
 * Reads DELIVERY_RETRY_SCHEDULE_MS ("60000,300000,…"); unset gives the default.
 * @throws Error naming the setting (never echoing more than the list's shape)
 */
export function parseRetrySchedule(text: string | undefined): readonly number[] {
  if (text === undefined || text.trim() === "") return DEFAULT_RETRY_SCHEDULE_MS;
  const parts = text.split(",").map((s) => s.trim());
  if (parts.length > 50 || !parts.every((p) => /^\d{1,10}$/.test(p) && Number(p) > 0)) throw new Error("DELIVERY_RETRY_SCHEDULE_MS: expected up to 50 comma-separated positive integers (milliseconds)");
  return parts.map(Number);
}

/** The BullMQ backoff strategy for delivery jobs: the schedule above, honouring an error's `retryAfterMs`. */
export function deliveryBackoff(schedule: readonly number[]) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    const hint = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    return retryDelayMs(attemptsMade, schedule, Math.random(), typeof hint === "number" ? hint : undefined);
  };
}
