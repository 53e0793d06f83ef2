import { HubDeps } from "../commands/command-context";
import { Principal } from "../domain/access/principal";
import { dashboardScope } from "../domain/dashboard/dashboard-figures";
import { Logger } from "../platform/logger";
import { DashboardType } from "../schema/dashboard.type";

/** Where changes come from: H8a's ChangeFeed (src/streams/change-feed.ts), one per process. */
export interface ChangeSource {
  onEvent(listener: () => void): () => void;
}

/** One subscriber: holds at most the newest figures it has not taken yet (a slow client skips, never piles up). */
class Mailbox implements AsyncIterableIterator<DashboardType> {
  private pending: DashboardType | null = null;
  private waiting: ((r: IteratorResult<DashboardType>) => void) | null = null;
  private done = false;

  constructor(private readonly onClose: () => void) {}

  put(d: DashboardType): void {
    if (this.done) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: d, done: false });
    } else this.pending = d; // replaces an untaken older one
  }

  next(): Promise<IteratorResult<DashboardType>> {
    if (this.pending) {
      const value = this.pending;
      this.pending = null;
      return Promise.resolve({ value, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<DashboardType>> {
    if (!this.done) {
      this.done = true;
      this.pending = null;
      this.waiting?.({ value: undefined, done: true });
      this.waiting = null;
      this.onClose();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

interface Scope {
  principal: Principal;
  boxes: Set<Mailbox>;
  /** The figures last pushed to this scope (without computedAt): an event that changed nothing it counts pushes nothing. */
  last: string | null;
}

const fingerprint = (d: DashboardType) => JSON.stringify({ ...d, computedAt: null });

/**
 * Pushes the dashboard's figures WHEN THEY CHANGE, shared per scope: a change event of this process's feed arms
 * one timer (if not armed); when it fires, the figures are computed ONCE per scope that has subscribers here
 * (dashboardScope: the bureau's "all", or one organisation) and handed to each of its subscribers, unless that
 * scope's figures did not change (another county's commit). A burst of a
 * hundred commits costs one computation per scope, and a thousand subscribers of one county cost one.
 */
export class DashboardPushes {
  private readonly scopes = new Map<string, Scope>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** How many computations ran (tests, metrics). */
  computations = 0;

  constructor(
    private readonly compute: (p: Principal) => Promise<DashboardType>,
    private readonly log: Logger,
    private readonly debounceMs = 250,
  ) {}

  /** Starts listening to `source` (once). */
  attach(source: ChangeSource): void {
    this.unsubscribe?.();
    this.unsubscribe = source.onEvent(() => this.changed());
  }

  /** A subscription: the current figures at once, then one push per debounced change of its scope. */
  subscribe(principal: Principal): AsyncIterableIterator<DashboardType> {
    const key = dashboardScope(principal);
    let scope = this.scopes.get(key);
    if (!scope) this.scopes.set(key, (scope = { principal, boxes: new Set(), last: null }));
    const s = scope;
    const box = new Mailbox(() => {
      s.boxes.delete(box);
      if (s.boxes.size === 0 && this.scopes.get(key) === s) this.scopes.delete(key);
    });
    s.boxes.add(box);
    this.compute(principal).then(
      (d) => {
        s.last ??= fingerprint(d);
        box.put(d);
      },
      (err) => this.log.warn({ err }, "dashboard: first computation failed"),
    );
    return box;
  }

  /** Number of subscribers on this process, per scope (tests, metrics). */
  subscribers(): Record<string, number> {
    return Object.fromEntries([...this.scopes].map(([k, s]) => [k, s.boxes.size]));
  }

  /**
   * A change happened: arm the one timer unless it is armed. Not re-armed by later events, so a steady stream of
   * commits still pushes every debounceMs instead of starving the screen; what those events changed is read then.
   */
  changed(): void {
    if (this.scopes.size === 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    await Promise.all(
      [...this.scopes.values()].map(async (s) => {
        try {
          this.computations++;
          const d = await this.compute(s.principal);
          const f = fingerprint(d);
          if (f === s.last) return;
          s.last = f;
          for (const box of s.boxes) box.put(d);
        } catch (err) {
          this.log.warn({ err }, "dashboard: computation failed");
        }
      }),
    );
  }

  /** Stops listening and ends every subscription. */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    for (const s of [...this.scopes.values()]) for (const box of [...s.boxes]) void box.return();
  }
}

const perFeed = new WeakMap<ChangeSource, DashboardPushes>();

/**
 * The one DashboardPushes of a process's change feed (created with the first dashboard subscription), so every
 * subscriber of this process shares its timer and its per-scope computations. It lives as long as the feed does.
 */
export function dashboardPushesFor(feed: ChangeSource, deps: HubDeps, compute: (p: Principal) => Promise<DashboardType>): DashboardPushes {
  let pushes = perFeed.get(feed);
  if (!pushes) {
    pushes = new DashboardPushes(compute, deps.log);
    pushes.attach(feed);
    perFeed.set(feed, pushes);
  }
  return pushes;
}
