import { ChangeEvent } from "./change-event";
import { ChangeFeed } from "./change-feed";
import { ChangeStream, compareIds } from "./change-stream";
import { fanOutGroup } from "./fan-out-group";

/** Yielded once, last, when the subscriber's buffer overflowed: the subscription ends with RESYNC_REQUIRED. */
export const RESYNC = Symbol("resync");

const REPLAY_PAGE = 500;

/**
 * Several payloads of one subscription in stream order, yielded as one value so that a batch read by one XREAD costs
 * each subscriber one wake-up, not one per event. `sharedSubscribe` (src/http/shared-subscribe.ts) expands it into
 * one result per payload; nothing else consumes these iterators.
 */
export class PayloadBatch<T> {
  constructor(readonly items: readonly T[]) {}
}

/**
 * How a subscription's results can be shared with the other subscribers of the same document, variables and access
 * scope (set by sharedSubscribe, src/http/shared-subscribe.ts): the group key, the encoding of a batch's views into
 * payload bytes (null: not shareable as they are), and the writing of payloads as this subscriber's frames.
 */
export interface LiveSharing<T> {
  key: string;
  encode(views: readonly T[]): Promise<readonly Buffer[] | null>;
  deliver(payloads: readonly Buffer[]): void;
}

/**
 * One subscriber's events: with a cursor, what it missed (read from the stream), then live events from the feed.
 * The live listener is registered BEFORE the replay reads, so every entry is either in the replay or in the buffer;
 * entries in both are dropped by id (the stream ids only grow), so none is lost or sent twice across the seam.
 * The buffer holds at most `bufferSize` unsent events; past that the subscription yields RESYNC and ends, instead of
 * holding memory for a client that does not read. `view` filters and projects a batch for the subscriber; what it
 * returns is yielded as one {@link PayloadBatch}.
 *
 * With `sharing`, a subscriber that has caught up (past the seam, buffer empty, everything taken sent) joins the fan-out
 * group of its key (src/streams/fan-out-group.ts) while it stays idle: the group serves it batch by batch with the
 * other members and hands events back when they cannot be sent as one; its own listener ignores what the group serves.
 */
export function changeEvents<T>(feed: ChangeFeed, stream: ChangeStream, after: string | null, bufferSize: number, view: (events: ChangeEvent[]) => Promise<T[]>, sharing?: LiveSharing<T>): AsyncIterableIterator<PayloadBatch<T> | typeof RESYNC> {
  const ctl: Control = { closed: false, wake: null };
  const gen = run(ctl, feed, stream, after, bufferSize, view, sharing);
  return {
    next: () => gen.next(),
    // An async generator parked on its wait would run `return` only after the next event: wake it so an ended
    // subscription drops its listener at once.
    return: async () => {
      ctl.closed = true;
      ctl.wake?.();
      return gen.return(undefined);
    },
    throw: (e: unknown) => gen.throw(e),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

interface Control {
  closed: boolean;
  wake: (() => void) | null;
}

async function* run<T>(ctl: Control, feed: ChangeFeed, stream: ChangeStream, after: string | null, bufferSize: number, view: (events: ChangeEvent[]) => Promise<T[]>, sharing: LiveSharing<T> | undefined): AsyncGenerator<PayloadBatch<T> | typeof RESYNC> {
  const buffer: ChangeEvent[] = [];
  let overflow = false;
  /** Set while a fan-out group serves this subscriber: the batches it reads are the group's, not buffered here. */
  let leave: (() => void) | null = null;
  const take = (events: readonly ChangeEvent[]) => {
    if (overflow) return;
    if (buffer.length + events.length > bufferSize) {
      overflow = true;
      buffer.length = 0;
    } else for (const e of events) buffer.push(e);
    ctl.wake?.();
  };
  const off = feed.onBatch((events) => {
    if (!leave) take(events);
  });
  const member = sharing && {
    encode: async (events: readonly ChangeEvent[]) => sharing.encode(await view([...events])),
    deliver: sharing.deliver,
    // The group left us (it already dropped this member): these events are ours again, ahead of any later batch.
    resume: (events: readonly ChangeEvent[]) => {
      leave = null;
      take(events);
    },
  };
  try {
    let last = after;
    if (after !== null) {
      while (!ctl.closed) {
        const page = await stream.after(last, REPLAY_PAGE);
        if (!page.length) break;
        last = page[page.length - 1].id;
        const views = await view(page);
        if (views.length) yield new PayloadBatch(views);
        if (page.length < REPLAY_PAGE) break;
      }
    }
    // Only the first live batch after a replay can hold entries the replay already returned: the feed's own order
    // only grows, so once past that seam nothing needs comparing.
    let seam = after !== null;
    while (!ctl.closed) {
      if (overflow) {
        yield RESYNC;
        return;
      }
      if (!buffer.length) {
        // Caught up: everything taken so far was sent before this generator was resumed. Let the group serve us.
        if (member && !seam && !leave) leave = fanOutGroup(feed, sharing.key).join(member);
        await new Promise<void>((r) => (ctl.wake = r));
      }
      ctl.wake = null;
      if (ctl.closed) return;
      const from = last;
      const taken = buffer.splice(0);
      const batch = seam && from !== null ? taken.filter((e) => compareIds(e.id, from) > 0) : taken;
      if (!batch.length) continue;
      seam = false;
      last = batch[batch.length - 1].id;
      const views = await view(batch);
      if (views.length) yield new PayloadBatch(views);
    }
  } finally {
    off();
    (leave as (() => void) | null)?.();
  }
}
