import { Queue, QueueEvents, Worker } from "bullmq";
import { Logger } from "../platform/logger";

/** How often one BullMQ object repeats the same error while Redis stays away (it reconnects every few 100 ms). */
export const REPEAT_ERROR_EVERY_MS = 10_000;

type Observed = Queue | Worker | QueueEvents;

/** The error as a log field: message and code, no stack (a dropped connection has no useful one). */
function errorFields(err: unknown): { error: string; code?: string } {
  const e = err as { message?: string; code?: unknown };
  return { error: e?.message ?? String(err), ...(typeof e?.code === "string" ? { code: e.code } : {}) };
}

/**
 * An `error` handler that logs into the structured log, each distinct message at most once per
 * {@link REPEAT_ERROR_EVERY_MS} with how many repeats were held back (a client reconnects every few 100 ms while
 * Redis is away). For BullMQ objects use {@link attachQueueLogging}; this is also for plain ioredis clients.
 */
export function throttledErrorLog(log: Logger, fields: Record<string, unknown>, msg: string): (err: unknown) => void {
  const last = new Map<string, { at: number; held: number }>();
  return (err: unknown) => {
    const f = errorFields(err);
    const now = Date.now();
    const seen = last.get(f.error);
    if (seen && now - seen.at < REPEAT_ERROR_EVERY_MS) {
      seen.held++;
      return;
    }
    // Messages are few and stable (ECONNREFUSED host:port…); the cap only guards against an unexpected variety.
    if (last.size >= 100) last.clear();
    last.set(f.error, { at: now, held: 0 });
    log.error({ ...fields, ...f, ...(seen?.held ? { repeatsHeldBack: seen.held } : {}) }, msg);
  };
}

/**
 * Routes a BullMQ queue's, worker's or queue-events' `error` into the structured log, and a worker's `stalled`
 * (a job whose lock expired, taken over by this worker) as a warning with job id and queue.
 *
 * Without an `error` listener, Node prints the emitter's error with its stack on stderr, outside the JSON log, and
 * an emitter that throws can take the process down. Repeats of one message are logged once per
 * {@link REPEAT_ERROR_EVERY_MS} with how many were held back, so a Redis outage is a few lines, not thousands.
 * Returns its argument so it can wrap a constructor call.
 */
export function attachQueueLogging<T extends Observed>(target: T, log: Logger, context: Record<string, unknown> = {}): T {
  const kind = target instanceof Worker ? "worker" : target instanceof QueueEvents ? "queue-events" : "queue";
  const fields = { queue: target.name, component: kind, ...context };
  const onError = throttledErrorLog(log, fields, `${kind} error`);
  // The three classes type their events separately; each has `error`, workers and queue events have `stalled`.
  const emitter = target as unknown as { on(event: string, fn: (...args: unknown[]) => void): void };
  emitter.on("error", onError);
  if (target instanceof Worker) emitter.on("stalled", (jobId, prev) => log.warn({ ...fields, jobId, previousState: prev }, "stalled job taken over"));
  if (target instanceof QueueEvents) emitter.on("stalled", (args) => log.warn({ ...fields, jobId: (args as { jobId?: string })?.jobId }, "stalled job taken over"));
  return target;
}
