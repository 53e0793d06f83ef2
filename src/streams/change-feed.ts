import Redis from "ioredis";
import { Logger } from "../platform/logger";
import { ChangeEvent, changesKey, parseEntry } from "./change-event";

/** A listener of the live change feed. Called synchronously, in stream order; must not throw or block. */
export type ChangeListener = (e: ChangeEvent) => void;
/** A listener of whole reads: the entries of one XREAD, in stream order (one call per read, not per event). */
export type ChangeBatchListener = (events: readonly ChangeEvent[]) => void;

/**
 * The live change feed of one hub process: ONE `XREAD BLOCK` loop on its own Redis connection, fanned out to every
 * local listener (subscriptions, dashboard pushes). Each process runs its own loop, so any number of hub instances
 * each deliver every event to their own subscribers. The loop starts at the newest entry when started and never
 * skips: it asks for entries after the last one it saw. Listeners that need the past read it with ChangeStream.after.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private readonly batchListeners = new Set<ChangeBatchListener>();
  private readonly key: string;
  private conn: Redis | null = null;
  private stopped = true;
  private loop: Promise<void> | null = null;
  /** The newest entry id this feed has delivered (or started after). */
  lastId = "0-0";

  constructor(
    private readonly redisUrl: string,
    prefix: string,
    private readonly log: Logger,
    private readonly blockMs = 5_000,
  ) {
    this.key = changesKey(prefix);
  }

  /** Registers a listener of live events; returns its unsubscribe function. */
  onEvent(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Registers a listener of whole reads (subscriptions: thousands of them cost one call each per XREAD, not one per
   * event); returns its unsubscribe function.
   */
  onBatch(listener: ChangeBatchListener): () => void {
    this.batchListeners.add(listener);
    return () => void this.batchListeners.delete(listener);
  }

  /** How many listeners are registered (metrics, tests). */
  get size(): number {
    return this.listeners.size + this.batchListeners.size;
  }

  /** Opens the feed's connection and starts reading after the newest entry. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    // A blocking read needs its own connection (it holds it for up to blockMs) and must not time out.
    this.conn = new Redis(this.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    this.conn.on("error", () => undefined); // reconnects by itself; the loop logs failed reads
    await this.conn.connect();
    const [last] = (await this.conn.xrevrange(this.key, "+", "-", "COUNT", 1)) as [string, string[]][];
    this.lastId = last?.[0] ?? "0-0";
    this.stopped = false;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped && this.conn) {
      try {
        const res = (await this.conn.xread("COUNT", 1000, "BLOCK", this.blockMs, "STREAMS", this.key, this.lastId)) as [string, [string, string[]][]][] | null;
        for (const [, entries] of res ?? []) {
          const events = entries.map(parseEntry);
          if (!events.length) continue;
          this.lastId = events[events.length - 1].id;
          for (const e of events)
            for (const l of this.listeners) {
              try {
                l(e);
              } catch (err) {
                this.log.warn({ err }, "change listener failed");
              }
            }
          for (const l of this.batchListeners) {
            try {
              l(events);
            } catch (err) {
              this.log.warn({ err }, "change listener failed");
            }
          }
        }
      } catch (err) {
        if (this.stopped) break;
        this.log.warn({ err: (err as Error).message }, "change feed read failed; retrying");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Stops the loop and closes its connection (a blocked read is cut by the disconnect). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.conn?.disconnect();
    await this.loop?.catch(() => undefined);
    this.conn = null;
    this.listeners.clear();
    this.batchListeners.clear();
  }
}
