import { ChangeEvent } from "../../src/streams/change-event";
import type { ChangeFeed } from "../../src/streams/change-feed";
import { fanOutGroup, fanOutGroupCount, FanOutMember } from "../../src/streams/fan-out-group";

// The fan-out group's hand-over rules (src/streams/fan-out-group.ts): batches sent in read order whatever order their
// computations finish in, members exactly those joined at the read, and a batch that cannot be shared handed back to
// its members with every later batch read for them, in order. The feed is reduced to its batch-listener registration.

type Batch = readonly ChangeEvent[];

function feedOf() {
  const listeners = new Set<(events: Batch) => void>();
  const feed = { onBatch: (l: (events: Batch) => void) => (listeners.add(l), () => void listeners.delete(l)) } as unknown as ChangeFeed;
  return { feed, listeners, read: (events: Batch) => [...listeners].forEach((l) => l(events)) };
}

const ev = (id: string) => ({ id }) as ChangeEvent;
const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};
const settle = () => new Promise((r) => setImmediate(r));

function member(encodings: Promise<readonly Buffer[] | null>[]) {
  const got: string[] = [];
  const resumed: string[][] = [];
  const m: FanOutMember = {
    encode: () => encodings.shift()!,
    deliver: (payloads) => void got.push(...payloads.map(String)),
    resume: (events) => void resumed.push(events.map((e) => e.id)),
  };
  return { m, got, resumed };
}

describe("fan-out group", () => {
  it("sends batches in read order to the members joined at each read, whatever order their computations finish in", async () => {
    const { feed, read, listeners } = feedOf();
    const g = fanOutGroup(feed, "k");
    const one = deferred<readonly Buffer[] | null>();
    const two = deferred<readonly Buffer[] | null>();
    const a = member([one.promise, two.promise]);
    const b = member([]);
    const leaveA = g.join(a.m);
    read([ev("1-0")]);
    const leaveB = g.join(b.m); // after the first read: gets the second batch only
    read([ev("2-0")]);
    expect(listeners.size).toBe(1); // one listener for the whole group
    two.resolve([Buffer.from("p2")]);
    await settle();
    expect(a.got).toEqual([]); // the second waits for the first
    one.resolve([Buffer.from("p1")]);
    await settle();
    expect(a.got).toEqual(["p1", "p2"]);
    expect(b.got).toEqual(["p2"]);
    leaveA();
    leaveB();
    expect(listeners.size).toBe(0);
    expect(fanOutGroupCount(feed)).toBe(0);
  });

  it("hands a batch that cannot be shared back to its members with every later batch read for them, and they leave", async () => {
    const { feed, read, listeners } = feedOf();
    const g = fanOutGroup(feed, "k");
    const one = deferred<readonly Buffer[] | null>();
    const a = member([one.promise, Promise.resolve([Buffer.from("p2")])]);
    const b = member([]);
    g.join(a.m);
    g.join(b.m);
    read([ev("1-0"), ev("1-1")]);
    read([ev("2-0")]);
    one.resolve(null); // e.g. a result with errors: formatted per subscriber by graphql-ws
    await settle();
    expect(a.resumed).toEqual([["1-0", "1-1", "2-0"]]);
    expect(b.resumed).toEqual([["1-0", "1-1", "2-0"]]);
    expect(a.got).toEqual([]); // the second batch is theirs now, not the group's
    expect(b.got).toEqual([]);
    expect(g.size).toBe(0);
    expect(listeners.size).toBe(0);
    read([ev("3-0")]); // after they left: nothing from the group
    await settle();
    expect(a.got).toEqual([]);
  });

  it("a failed computation is handed back too (the members' own path then reports it)", async () => {
    const { feed, read } = feedOf();
    const a = member([Promise.reject(new Error("database down"))]);
    fanOutGroup(feed, "k").join(a.m);
    read([ev("1-0")]);
    await settle();
    expect(a.resumed).toEqual([["1-0"]]);
  });
});
