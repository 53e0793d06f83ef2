import { Queue } from "bullmq";
import { DataSource } from "typeorm";
import { DELIVERY_REQUESTED } from "../commands/create-referrals";
import { AwaitedDelivery, dbDate, deliveriesAwaited } from "../db/outbox-queries";
import { isDeliveryLost } from "../domain/delivery/lost-work";
import { Logger } from "../platform/logger";
import { BulkJob, jobForOutboxRow, withTimeout } from "./outbox-relay";
import { SchedulerGuard } from "./scheduler-guard";

/** The reconciler's tuning. */
export interface ReconcilerOptions {
  /** How long after its row was sent a delivery may be missing from Redis before it counts as lost. */
  graceMs: number;
  /** Longest wait for Redis per call. */
  timeoutMs: number;
  /** Referrals checked per run; the next run continues after the last one (and wraps round). */
  batch?: number;
}

/** What one run found and did. */
export interface ReconcileResult {
  checked: number;
  rederived: number;
  schedulersRepaired: number;
}

/**
 * Re-derives the work Redis lost, the database being the source of truth. Each run takes a page of outbound
 * referrals still waiting for their delivery (state SENT, no external reference), asks Redis whether a job of
 * their delivery's id exists in any state, and adds again, under the same job id `ob-<outbox id>`, every delivery
 * whose row was sent more than the grace time ago and has no job (domain/delivery/lost-work.ts). A repeat at the
 * agency is absorbed by the idempotency key (`referral-<id>`). It then re-registers lost job schedulers.
 * Cost per run: one indexed query and one HGETALL per referral checked, bounded by `batch`.
 */
export class Reconciler {
  private cursor = 0;

  constructor(
    private readonly db: DataSource,
    private readonly queueFor: (name: string) => Queue,
    private readonly log: Logger,
    private readonly opts: ReconcilerOptions,
    private readonly schedulers?: () => SchedulerGuard | null,
  ) {}

  /** One pass: a page of awaited deliveries, then the schedulers. */
  async run(now = new Date()): Promise<ReconcileResult> {
    const batch = this.opts.batch ?? 500;
    const rows = await deliveriesAwaited(this.db, this.cursor, batch, DELIVERY_REQUESTED);
    this.cursor = rows.length < batch ? 0 : Number(rows[rows.length - 1].referralId);
    const lost = await this.lostOf(rows.filter((r) => r.sentAt && now.getTime() - dbDate(r.sentAt).getTime() > this.opts.graceMs), now);
    for (const [queue, jobs] of groupByQueue(lost)) {
      await withTimeout(this.queueFor(queue).addBulk(jobs.map((j) => j.job)), this.opts.timeoutMs, `re-adding ${jobs.length} jobs to ${queue}`);
      for (const j of jobs) this.log.warn({ referralId: j.row.referralId, outboxId: String(j.row.id), jobId: j.job.opts.jobId, queue, sentAt: dbDate(j.row.sentAt!).toISOString(), alert: "delivery-rederived" }, "delivery missing from Redis; enqueued again under its job id");
    }
    const schedulersRepaired = (await this.schedulers?.()?.ensure(now)) ?? 0;
    const result = { checked: rows.length, rederived: lost.length, schedulersRepaired };
    if (lost.length || schedulersRepaired) this.log.warn(result, "reconciler re-derived work Redis had lost");
    return result;
  }

  /** The rows whose job Redis does not hold. */
  private async lostOf(rows: AwaitedDelivery[], now: Date): Promise<{ row: AwaitedDelivery; queue: string; job: BulkJob }[]> {
    const out: { row: AwaitedDelivery; queue: string; job: BulkJob }[] = [];
    const candidates = rows.map((row) => ({ row, ...jobForOutboxRow(row) }));
    const CHUNK = 100;
    for (let i = 0; i < candidates.length; i += CHUNK) {
      const chunk = candidates.slice(i, i + CHUNK);
      const jobs = await withTimeout(Promise.all(chunk.map((c) => this.queueFor(c.queue).getJob(String(c.job.opts.jobId)))), this.opts.timeoutMs, `looking up ${chunk.length} delivery jobs`);
      chunk.forEach((c, k) => {
        if (isDeliveryLost({ sentAt: dbDate(c.row.sentAt!), awaitingDelivery: true, jobExists: !!jobs[k] }, now, this.opts.graceMs)) out.push(c);
      });
    }
    return out;
  }
}

function groupByQueue<T extends { queue: string }>(items: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(it.queue, [...(m.get(it.queue) ?? []), it]);
  return m;
}
