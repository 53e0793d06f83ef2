import { monitorEventLoopDelay } from "node:perf_hooks";
import { DataSource } from "typeorm";
import type { RelayBatchStats } from "../../src/queues/outbox-relay";

/** Nearest-rank percentile of unsorted `xs` (NaN when empty). */
export const percentile = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;

/** One window of the run as the probes saw it (performance.now() clock, ms). */
export interface ProbeWindow {
  /** Start of the window, ms since the probes started. */
  at: number;
  loopP99Ms: number;
  loopMaxMs: number;
  /** Waits for a pooled database connection that ended in this window. */
  poolWaits: number[];
  /** Connection requests queued in the pool at the end of the window. */
  poolQueued: number;
  relay: RelayBatchStats[];
}

/**
 * What the steady benchmark watches inside the hub's process while it runs, one window at a time: event-loop delay
 * (perf_hooks histogram, reset every window), how long each request for a pooled MariaDB connection waited (TypeORM's
 * driver wrapped; nothing on SQLite) and the relay's batches (rows, claim/enqueue/append/mark milliseconds).
 */
export class SteadyProbes {
  readonly windows: ProbeWindow[] = [];
  private readonly loop = monitorEventLoopDelay({ resolution: 5 });
  private readonly t0 = performance.now();
  private current: ProbeWindow;
  private timer: NodeJS.Timeout | null = null;
  private queueLength: () => number = () => 0;

  constructor(private readonly windowMs: number) {
    this.current = this.fresh(0);
  }

  /** Pass to startHub's `onRelayBatch`. */
  readonly onRelayBatch = (b: RelayBatchStats) => void this.current.relay.push(b);

  /** Starts the windows and wraps `db`'s connection requests. */
  start(db: DataSource): void {
    const driver = db.driver as unknown as { obtainMasterConnection?: () => Promise<unknown>; pool?: { _connectionQueue?: { length: number } } };
    const original = driver.obtainMasterConnection?.bind(driver);
    if (original) {
      driver.obtainMasterConnection = async () => {
        const t = performance.now();
        const c = await original();
        this.current.poolWaits.push(performance.now() - t);
        return c;
      };
      this.queueLength = () => driver.pool?._connectionQueue?.length ?? 0;
    }
    this.loop.enable();
    this.timer = setInterval(() => this.roll(), this.windowMs);
  }

  /** Ends the last window. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.roll();
    this.loop.disable();
  }

  /** performance.now() as ms since start (the windows' clock). */
  since(t: number): number {
    return t - this.t0;
  }

  private roll() {
    const w = this.current;
    w.loopP99Ms = this.loop.percentile(99) / 1e6;
    w.loopMaxMs = this.loop.max / 1e6;
    w.poolQueued = this.queueLength();
    this.loop.reset();
    this.windows.push(w);
    this.current = this.fresh(performance.now() - this.t0);
  }

  private fresh(at: number): ProbeWindow {
    return { at, loopP99Ms: NaN, loopMaxMs: NaN, poolWaits: [], poolQueued: 0, relay: [] };
  }
}
