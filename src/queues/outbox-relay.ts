import { JobsOptions, Queue } from "bullmq";
import { DataSource, EntityManager } from "typeorm";
import { isMysqlUrl } from "../db/data-source";
import { dbDate, OutboxRow } from "../db/outbox-queries";
import { dateParam } from "../db/sql-params";
import { withTransaction } from "../db/transaction";
import { afterFailedAttempt } from "../domain/delivery/lost-work";
import { Logger } from "../platform/logger";
import { ChangeRow, changeRowOf } from "../streams/change-event";
import { ChangeStream } from "../streams/change-stream";
import { eventJob, eventJobId, QUEUES, routeOutboxRow } from "./contracts";

/** A job as `addBulk` takes it. */
export type BulkJob = { name: string; data: object; opts: JobsOptions };

/**
 * Parses and routes one outbox row into its queue and job (job id `ob-<outbox id>`); throws for a poison row.
 * The relay and the reconciler derive the same job from the same row.
 */
export function jobForOutboxRow(r: OutboxRow): { queue: string; job: BulkJob; change: ChangeRow } {
  const payload = JSON.parse(r.payload) as Record<string, unknown>;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) throw new Error("payload is not a JSON object");
  const created = dbDate(r.createdAt);
  const createdAt = created.toISOString();
  const event = eventJob.parse({ outboxId: String(r.id), type: r.type, aggregateType: r.aggregateType, aggregateId: r.aggregateId, payload, createdAt });
  const { queue, data, opts } = routeOutboxRow({ id: String(r.id), type: r.type, payload, createdAt }, event);
  const change = changeRowOf({ id: r.id, type: r.type, aggregateType: r.aggregateType, aggregateId: String(r.aggregateId), createdAt: created }, payload);
  return { queue, job: { name: r.type, data, opts: { ...opts, jobId: eventJobId(String(r.id)) } }, change };
}

/** The relay's tuning; defaults suit production. */
export interface RelayOptions {
  intervalMs: number;
  url: string;
  batch?: number;
  /** Longest wait for Redis to take one queue's batch; past it the rows are released and tried again later. */
  enqueueTimeoutMs?: number;
  /** Failed attempts after which an unparseable or unroutable row is dead-lettered. */
  maxAttempts?: number;
  /** Wait before a poison row is tried again (times its attempts so far). */
  poisonRetryMs?: number;
  /** The change stream every relayed row is appended to (subscriptions, the changes query); none in old tests. */
  stream?: ChangeStream;
  /**
   * Whether an event type has a consumer on the events queue. Events without one are not enqueued (they reach
   * readers through the stream only); deliveries always are. Default: every event is enqueued.
   */
  hasConsumer?: (type: string) => boolean;
  /** Called after every batch that claimed rows, with its timings (the benchmark's relay statistics). */
  onBatch?: (batch: RelayBatchStats) => void;
}

/** What one relayed batch took: rows claimed and the milliseconds of each step (performance.now() clock). */
export interface RelayBatchStats {
  /** performance.now() when the batch started (its claim transaction was asked for). */
  startedAt: number;
  rows: number;
  claimMs: number;
  enqueueMs: number;
  appendMs: number;
  markMs: number;
  totalMs: number;
}

/** Raised when Redis did not take a batch in time: the rows stay unsent and are relayed on a later tick. */
export class EnqueueTimeoutError extends Error {
  readonly code = "ENQUEUE_TIMEOUT";
}

/** Rejects after `ms` unless `p` settles first; the timer never keeps the process alive. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeoutError(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves committed outbox rows into BullMQ without ever awaiting Redis inside a database transaction:
 * 1. a short transaction claims a batch (FOR UPDATE SKIP LOCKED on MySQL, so several relays share the work) by
 *    setting a lease (`claimedUntil`);
 * 2. outside any transaction the jobs are added, each queue's batch bounded by `enqueueTimeoutMs`;
 * 3. a second short statement marks the added rows sent and clears the lease.
 * A relay that dies or times out between 2 and 3 leaves rows whose lease expires; they are added again under the
 * same job id (`ob-<outbox id>`), which BullMQ keeps once. Rows that cannot be parsed or routed (poison rows) are
 * set aside with their error and retried later; after `maxAttempts` they are dead-lettered (`deadAt`) with an
 * error log, and the rest of the batch flows on.
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
    private readonly opts: RelayOptions,
  ) {}

  private get enqueueTimeoutMs() {
    return this.opts.enqueueTimeoutMs ?? 5_000;
  }

  /** Relays one batch; returns how many rows it claimed (sent or set aside as poison). */
  async relayOnce(): Promise<number> {
    const t0 = performance.now();
    const rows = await this.claim(new Date());
    if (rows.length === 0) return 0;
    const t1 = performance.now();
    const byQueue = new Map<string, { ids: string[]; jobs: BulkJob[] }>();
    const poison: { row: OutboxRow; error: string }[] = [];
    /** Rows in claim (id) order with their stream entry; `queue` null when nothing consumes the job. */
    const routed: { id: string; queue: string | null; change: ChangeRow }[] = [];
    const hasConsumer = this.opts.hasConsumer ?? (() => true);
    for (const r of rows) {
      try {
        const { queue, job, change } = jobForOutboxRow(r);
        const enqueue = queue !== QUEUES.events || hasConsumer(r.type);
        routed.push({ id: String(r.id), queue: enqueue ? queue : null, change });
        if (!enqueue) continue;
        const group = byQueue.get(queue) ?? { ids: [], jobs: [] };
        group.ids.push(String(r.id));
        group.jobs.push(job);
        byQueue.set(queue, group);
      } catch (err) {
        poison.push({ row: r, error: errorText(err) });
      }
    }
    if (poison.length) await this.setAside(poison);
    let failure: unknown = null;
    const failedQueues = new Set<string>();
    // The queues are independent: their batches go out at once (one round trip for the batch, not one per queue).
    await Promise.all([...byQueue].map(async ([name, group]) => {
      try {
        await withTimeout(this.queueFor(name).addBulk(group.jobs), this.enqueueTimeoutMs, `adding ${group.jobs.length} jobs to ${name}`);
      } catch (err) {
        failure ??= err;
        failedQueues.add(name);
      }
    }));
    const t2 = performance.now();
    let t3 = t2;
    // The stream gets the rows whose jobs are in, in claim order, before they are marked sent: a relay dying here
    // relays them again, and the append skips outbox ids it already holds.
    const done = routed.filter((r) => r.queue === null || !failedQueues.has(r.queue));
    const failed = routed.filter((r) => r.queue !== null && failedQueues.has(r.queue)).map((r) => r.id);
    try {
      if (this.opts.stream && done.length) await withTimeout(this.opts.stream.append(done.map((r) => r.change)), this.enqueueTimeoutMs, `appending ${done.length} changes`);
      t3 = performance.now();
      if (done.length) await this.markSent(done.map((r) => r.id));
    } catch (err) {
      failure ??= err;
      failed.push(...done.map((r) => r.id));
    }
    if (failed.length) await this.release(failed).catch((e) => this.log.warn({ err: e }, "outbox relay could not release its lease; it expires by itself"));
    if (failure) throw failure;
    const t4 = performance.now();
    this.opts.onBatch?.({ startedAt: t0, rows: rows.length, claimMs: t1 - t0, enqueueMs: t2 - t1, appendMs: t3 - t2, markMs: t4 - t3, totalMs: t4 - t0 });
    return rows.length;
  }

  /** Short transaction: picks unsent, live, unclaimed rows and leases them to this relay. */
  private async claim(now: Date): Promise<OutboxRow[]> {
    const batch = this.opts.batch ?? 500;
    const lock = isMysqlUrl(this.opts.url) ? " FOR UPDATE SKIP LOCKED" : "";
    const lease = new Date(now.getTime() + 2 * this.enqueueTimeoutMs + 1_000);
    return withTransaction(
      this.db,
      async (em) => {
        const rows: OutboxRow[] = await em.query(
          `SELECT id, type, aggregateType, aggregateId, payload, createdAt, attempts FROM outbox WHERE sentAt IS NULL AND deadAt IS NULL AND (claimedUntil IS NULL OR claimedUntil < ?) ORDER BY id LIMIT ${batch}${lock}`,
          [dateParam(this.db, now)],
        );
        if (rows.length) await this.update(em, rows.map((r) => String(r.id)), { claimedUntil: lease });
        return rows;
      },
      // READ COMMITTED: no gap locks, so claiming rows does not deadlock with commands inserting new ones.
      "READ COMMITTED",
    );
  }

  /** Records each poison row's failure: retried after a pause, dead-lettered after the last attempt. */
  private async setAside(poison: { row: OutboxRow; error: string }[]): Promise<void> {
    const now = new Date();
    const max = this.opts.maxAttempts ?? 5;
    await withTransaction(this.db, async (em) => {
      for (const { row, error } of poison) {
        const next = afterFailedAttempt(Number(row.attempts), max);
        const retryAt = new Date(now.getTime() + (this.opts.poisonRetryMs ?? 1_000) * next.attempts);
        await this.update(em, [String(row.id)], { attempts: next.attempts, lastError: error.slice(0, 500), deadAt: next.dead ? now : null, claimedUntil: next.dead ? null : retryAt });
        const facts = { outboxId: String(row.id), type: row.type, aggregateType: row.aggregateType, aggregateId: row.aggregateId, attempts: next.attempts, error: error.slice(0, 200) };
        if (next.dead) this.log.error({ ...facts, alert: "outbox-dead-letter" }, "outbox row dead-lettered: it cannot be parsed or routed (see the deadLetters query)");
        else this.log.warn(facts, "outbox row cannot be parsed or routed; skipped, will retry");
      }
    });
  }

  private markSent(ids: string[]): Promise<void> {
    // The query builder converts the Date per driver (SQLite cannot bind Date objects). READ COMMITTED, as the claim:
    // under REPEATABLE READ the UPDATE may take next-key locks on the (sentAt, id) index it rewrites, and commands
    // inserting outbox rows then wait on the relay (the steady bench saw one mark take 10 s while creation ran).
    return withTransaction(this.db, (em) => this.update(em, ids, { sentAt: new Date(), attempts: () => "attempts + 1", claimedUntil: null }), "READ COMMITTED");
  }

  private release(ids: string[]): Promise<void> {
    return this.update(this.db.manager, ids, { claimedUntil: null });
  }

  private async update(em: EntityManager, ids: string[], set: Record<string, unknown | (() => string)>): Promise<void> {
    // Raw SQL with positional parameters: the query builder names a parameter per id and checks each new name
    // against all before it (500 per batch, three statements per batch). A function value is an SQL expression of
    // our own (e.g. `attempts + 1`), never input; Dates bind as TypeORM writes them (mysql2 `timezone: "Z"`,
    // sqlite-dates.ts).
    const params: unknown[] = [];
    const assignments = Object.entries(set).map(([column, v]) => {
      if (typeof v === "function") return `\`${column}\` = ${(v as () => string)()}`;
      params.push(v ?? null);
      return `\`${column}\` = ?`;
    });
    params.push(...ids);
    await em.query(`UPDATE \`outbox\` SET ${assignments.join(", ")} WHERE \`id\` IN (${ids.map(() => "?").join(", ")})`, params);
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
      // A deadlock, lost connection or slow Redis only delays the batch: it is relayed again and BullMQ dedupes by job id.
      const code = (err as { code?: string }).code;
      if (code === "ER_LOCK_DEADLOCK" || code === "ER_LOCK_WAIT_TIMEOUT" || code === "ENQUEUE_TIMEOUT") this.log.warn({ code, err: errorText(err) }, "outbox relay batch not relayed; retrying");
      else this.log.error({ err }, "outbox relay failed; will retry");
    } finally {
      this.running = false;
      if (!this.stopped) this.schedule(this.opts.intervalMs);
    }
  }
}

function errorText(err: unknown): string {
  if (err && typeof err === "object" && "issues" in err) return `invalid: ${JSON.stringify((err as { issues: unknown }).issues)}`;
  return err instanceof Error ? err.message : String(err);
}
