/**
 * When work derived from the database counts as lost from Redis, and what happens to an outbox row that cannot be
 * relayed. The database is the source of truth; Redis only holds work derived from it (docs/decisions.md,
 * "Deliveries that cannot be lost"). Pure: the caller gathers the facts and passes the time.
 */

/** The facts about one relayed delivery request. */
export interface RelayedDelivery {
  /** When the relay marked the outbox row sent (null: not relayed yet, the relay still owns it). */
  sentAt: Date | null;
  /** Whether the referral still waits for its delivery (no external reference, not returned or closed). */
  awaitingDelivery: boolean;
  /** Whether BullMQ holds a job of that id in any state (waiting, delayed, active, completed, failed). */
  jobExists: boolean;
}

/**
 * A delivery is lost when its row was sent more than `graceMs` ago, the referral still waits for it and Redis holds
 * no job under its id. The grace covers the relay's own window (rows are marked sent just after the jobs are added)
 * and replication lag; a failed job is not lost (it is a dead letter, replayed by operators).
 */
export function isDeliveryLost(d: RelayedDelivery, now: Date, graceMs: number): boolean {
  if (!d.sentAt || !d.awaitingDelivery || d.jobExists) return false;
  return now.getTime() - d.sentAt.getTime() > graceMs;
}

/** What a failed relay attempt of a poison row leaves behind. */
export interface PoisonOutcome {
  attempts: number;
  /** True once the row has used all its attempts: it is dead-lettered and never picked again. */
  dead: boolean;
}

/** One more failed attempt of a row that could not be parsed or routed; dead after `maxAttempts` failures. */
export function afterFailedAttempt(attemptsBefore: number, maxAttempts: number): PoisonOutcome {
  const attempts = attemptsBefore + 1;
  return { attempts, dead: attempts >= maxAttempts };
}

/** A job scheduler as Redis reports it (undefined: Redis has none of that id, e.g. after FLUSHALL). */
export interface SchedulerFacts {
  /** The next run, epoch ms, if Redis knows one. */
  next?: number;
  every?: number | null;
}

/**
 * A scheduler needs registering again when Redis has none, when its interval differs from the configured one, or
 * when its next run is more than two intervals overdue (its delayed job was lost, so it would never fire again).
 */
export function schedulerNeedsRepair(s: SchedulerFacts | undefined, everyMs: number, now: Date): boolean {
  if (!s) return true;
  if (s.every !== undefined && s.every !== null && Number(s.every) !== everyMs) return true;
  // Stryker disable next-line ConditionalExpression: equivalent, an undefined next gives NaN, and NaN > x is false
  return s.next !== undefined && now.getTime() - s.next > 2 * everyMs;
}
