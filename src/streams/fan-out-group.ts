import { ChangeEvent } from "./change-event";
import { ChangeFeed } from "./change-feed";

/**
 * A live subscriber that has caught up (past its replay seam, nothing of its own left to send) and lets a group serve
 * it: the group computes each batch once for every member and writes the same bytes to each.
 */
export interface FanOutMember {
  /**
   * The payloads of a batch as this member's subscription would send them, each encoded once (the same for every member
   * of the group, so one member computes them for all); null when they cannot be sent as they are (a result with
   * errors or clear personal data goes through the subscriber's own path, for formatting and audit).
   */
  encode(events: readonly ChangeEvent[]): Promise<readonly Buffer[] | null>;
  /** Writes the payloads as this member's frames, at once (no promise per member). */
  deliver(payloads: readonly Buffer[]): void;
  /** Takes events back: the group could not serve them; they are this member's own again, in order, before any later batch. */
  resume(events: readonly ChangeEvent[]): void;
}

interface Slot {
  member: FanOutMember;
  left: boolean;
}

interface Job {
  events: readonly ChangeEvent[];
  /** The members when the batch was read: exactly those that did not buffer it themselves. */
  slots: Slot[];
  payloads: Promise<readonly Buffer[] | null>;
}

/**
 * The members of one (feed, document + variables + access scope) group, served synchronously per batch: ONE feed
 * listener for the group, one computation of the batch, then one loop that hands the same encoded payloads to every
 * member's socket, instead of a wake-up, a view and a promise chain per subscriber per batch.
 *
 * Hand-over without loss or repeat: a member joins only while its own buffer is empty and everything it took has been
 * sent, so it has sent every event read before the join; its own feed listener ignores every batch read while it is a
 * member, and the group's snapshot of members at each read includes it exactly then. Batches are sent in read order (a
 * chain), and a batch that cannot be sent as one is handed back to each of its members together with every later batch
 * read for them, in order, and they leave: they buffer again what comes after, so nothing is overtaken. Members never
 * buffer events here: a reader that falls behind is bounded by its socket (SUBSCRIPTION_BUFFER_BYTES → 4410).
 */
export class FanOutGroup {
  private readonly members = new Set<Slot>();
  private readonly pending: Job[] = [];
  private tail: Promise<void> = Promise.resolve();
  private off: (() => void) | null = null;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly onEmpty: () => void,
  ) {}

  /** How many subscribers the group serves (tests, metrics). */
  get size(): number {
    return this.members.size;
  }

  /** Adds a member for every batch read from now on; returns its leave function (idempotent). */
  join(member: FanOutMember): () => void {
    const slot: Slot = { member, left: false };
    this.members.add(slot);
    this.off ??= this.feed.onBatch((events) => this.read(events));
    return () => this.leave(slot);
  }

  private leave(slot: Slot): void {
    if (slot.left) return;
    slot.left = true;
    this.members.delete(slot);
    if (!this.members.size && this.off) {
      this.off();
      this.off = null;
      this.onEmpty();
    }
  }

  private read(events: readonly ChangeEvent[]): void {
    if (!this.members.size) return;
    const slots = [...this.members];
    const job: Job = { events, slots, payloads: slots[0].member.encode(events) };
    job.payloads.catch(() => undefined); // handled in order below; a failure is handed back to the members
    this.pending.push(job);
    this.tail = this.tail.then(() => job.payloads.then((p) => this.send(job, p), () => this.send(job, null)));
  }

  private send(job: Job, payloads: readonly Buffer[] | null): void {
    this.pending.shift(); // the chain sends jobs in read order, so this is `job`
    if (payloads) {
      for (const s of job.slots) if (!s.left) s.member.deliver(payloads);
      return;
    }
    // A slot still here has been a member since before this read, so every later read (still pending) includes it too.
    const events = [...job.events];
    for (const later of this.pending) events.push(...later.events);
    for (const s of job.slots) {
      if (s.left) continue;
      this.leave(s);
      s.member.resume(events);
    }
  }
}

const groups = new WeakMap<ChangeFeed, Map<string, FanOutGroup>>();

/** The fan-out group of `key` on `feed` (created on first use, dropped when its last member leaves). */
export function fanOutGroup(feed: ChangeFeed, key: string): FanOutGroup {
  let byKey = groups.get(feed);
  if (!byKey) groups.set(feed, (byKey = new Map()));
  let g = byKey.get(key);
  if (!g) {
    const m = byKey;
    const created: FanOutGroup = new FanOutGroup(feed, () => m.get(key) === created && m.delete(key));
    m.set(key, (g = created));
  }
  return g;
}

/** How many fan-out groups listen on `feed` (each is one feed listener; tests and metrics count subscribers apart). */
export function fanOutGroupCount(feed: ChangeFeed): number {
  return groups.get(feed)?.size ?? 0;
}
