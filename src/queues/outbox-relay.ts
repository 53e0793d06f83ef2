import { JobsOptions, Queue } from "bullmq";
import { DataSource } from "typeorm";
import { isMysqlUrl } from "../db/data-source";
import { withTransaction } from "../db/transaction";
import { OutboxEntity } from "../db/entities";
import { Logger } from "../platform/logger";
import { eventJob, eventJobId, routeOutboxRow } from "./contracts";

interface OutboxRow {
  id: string | number;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: string;
  createdAt: Date | string;
}

/**
 * Moves committed outbox rows into BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED so several relays can
 * run; each job's id derives from the outbox id, so a relay that dies after adding but before marking re-adds
 * the same ids on restart and BullMQ keeps one job per row.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: DataSource,
    /** Returns the BullMQ queue of a name (created once by the caller). */
    private readonly queueFor: (name: string) => Queue,
    private readonly log: Logger,
    private readonly opts: { intervalMs: number; batch?: number; url: string },
  ) {}

  /** Relays one batch; returns how many rows were sent. */
  async relayOnce(): Promise<number> {
    const batch = this.opts.batch ?? 500;
    const lock = isMysqlUrl(this.opts.url) ? " FOR UPDATE SKIP LOCKED" : "";
    return withTransaction(this.db, async (em) => {
      const rows: OutboxRow[] = await em.query(
        `SELECT id, type, aggregateType, aggregateId, payload, createdAt FROM outbox WHERE sentAt IS NULL ORDER BY id LIMIT ${batch}${lock}`,
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<string, { name: string; data: object; opts: JobsOptions }[]>();
      for (const r of rows) {
        const payload = JSON.parse(r.payload) as Record<string, unknown>;
        const createdAt = new Date(r.createdAt).toISOString();
        const event = eventJob.parse({ outboxId: String(r.id), type: r.type, aggregateType: r.aggregateType, aggregateId: r.aggregateId, payload, createdAt });
        const { queue, data, opts } = routeOutboxRow({ id: String(r.id), type: r.type, payload, createdAt }, event);
        const list = byQueue.get(queue) ?? [];
        list.push({ name: r.type, data, opts: { ...opts, jobId: eventJobId(String(r.id)) } });
        byQueue.set(queue, list);
      }
      for (const [name, jobs] of byQueue) await this.queueFor(name).addBulk(jobs);
      const ids = rows.map((r) => String(r.id));
      // The query builder converts the Date per driver (SQLite cannot bind Date objects).
      await em.createQueryBuilder().update(OutboxEntity).set({ sentAt: new Date(), attempts: () => "attempts + 1" }).whereInIds(ids).execute();
      return rows.length;
      // READ COMMITTED: no gap locks, so marking rows sent does not deadlock with commands inserting new ones.
    }, "READ COMMITTED");
  }

  /** Runs until stopped: drains, then waits for the interval or a nudge. */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for an early run (after a local commit). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick() {
    if (this.running || this.stopped) return;
    this.running = true;
    let sent = 0;
    try {
      do {
        this.again = false;
        sent = await this.relayOnce();
      } while ((sent > 0 || this.again) && !this.stopped);
    } catch (err) {
      // A deadlock or lost connection only delays the batch: it is relayed again and BullMQ dedupes by job id.
      const code = (err as { code?: string }).code;
      if (code === "ER_LOCK_DEADLOCK" || code === "ER_LOCK_WAIT_TIMEOUT") this.log.warn({ code }, "outbox relay batch rolled back; retrying");
      else this.log.error({ err }, "outbox relay failed; will retry");
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(this.opts.intervalMs);
    }
  }
}
