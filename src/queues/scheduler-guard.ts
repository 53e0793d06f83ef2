import { Queue } from "bullmq";
import { schedulerNeedsRepair } from "../domain/delivery/lost-work";
import { Logger } from "../platform/logger";
import { withTimeout } from "./outbox-relay";

/** A periodic job: registered once as a BullMQ job scheduler, however many workers run. */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** Registers (or updates) one task's job scheduler; the same call at start and when repairing. */
export function registerScheduler(queue: Queue, t: PeriodicTask): Promise<unknown> {
  return queue.upsertJobScheduler(t.name, { every: t.everyMs }, { name: t.name, opts: { removeOnComplete: 100, removeOnFail: 1000 } });
}

/**
 * Keeps the job schedulers registered: Redis holds them, so a FLUSHALL or a restart from an AOF that lost its
 * last second deletes them, and nothing would fire again until the next process start. `ensure()` asks Redis for
 * each scheduler and registers again those missing, changed or stuck (domain/delivery/lost-work.ts). The
 * reconciler job calls it; a process-local timer calls it too, because the reconciler is itself a scheduler and
 * cannot bring itself back.
 */
export class SchedulerGuard {
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<number> | null = null;

  constructor(
    private readonly queue: Queue,
    private readonly tasks: PeriodicTask[],
    private readonly log: Logger,
    private readonly timeoutMs: number,
  ) {}

  /** Re-registers every scheduler Redis lost; returns how many. Bounded by the Redis timeout; never runs twice at once. */
  ensure(now = new Date()): Promise<number> {
    this.checking ??= this.check(now).finally(() => (this.checking = null));
    return this.checking;
  }

  private async check(now: Date): Promise<number> {
    let repaired = 0;
    for (const t of this.tasks) {
      const s = await withTimeout(this.queue.getJobScheduler(t.name), this.timeoutMs, `reading scheduler ${t.name}`);
      if (!schedulerNeedsRepair(s, t.everyMs, now)) continue;
      await withTimeout(registerScheduler(this.queue, t), this.timeoutMs, `registering scheduler ${t.name}`);
      repaired++;
      this.log.warn({ scheduler: t.name, everyMs: t.everyMs, found: s ? { next: s.next, every: s.every } : null, alert: "scheduler-rederived" }, "job scheduler missing from Redis; registered again");
    }
    return repaired;
  }

  /** Checks every `everyMs` from this process (a timer that does not keep the process alive). */
  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      this.ensure().catch((err) => this.log.warn({ err: (err as Error).message }, "job scheduler check failed; will retry"));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
