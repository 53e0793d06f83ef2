import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { appendOutbox } from "../../src/commands/command-context";
import { withTransaction } from "../../src/db/transaction";
import { Role } from "../../src/domain/petition-terms";
import { RESYNC_CLOSE } from "../../src/http/ws-connection";
import { fanOutGroupCount } from "../../src/streams/fan-out-group";
import { basicAuth, createClient as createMachineClient, tokenRequest } from "../factories/machine-clients";
import { freshDatabaseUrl, startTestHub, TEST_KEYS_FILE, TestHub } from "../factories/test-hub";
import { startHubProcess } from "../support/hub-process";

// The change stream read two ways (issue 8): live over graphql-ws at /graphql, and polled with the changes query.
// Two hub instances share one database and one Redis: `a` runs everything (it relays), `b` is API-only, so an event
// committed through `a` reaches b's subscribers only through the stream.

interface Ev {
  cursor: string;
  type: string;
  aggregateType: string;
  petitionId: string | null;
  referralId: string | null;
  petition: { id: string; state: string | null; channel: string | null; summary: string | null } | null;
}
const FIELDS = `cursor type aggregateType petitionId referralId petition { id state channel summary }`;

let a: TestHub;
let b: TestHub;
let dbUrl: string;
/** A third instance with a one-event buffer and a 300 ms token re-check (slow clients, revocation). */
let c: TestHub;
/** A fourth with a small byte bound per connection (a client that does not read). */
let d: TestHub;
const BYTES_LIMIT = 64 * 1024;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const db = await freshDatabaseUrl();
  dbUrl = db.url;
  a = await startTestHub({}, db);
  b = await startTestHub({ HUB_ROLE: "api", QUEUE_PREFIX: a.queuePrefix, SUBSCRIPTIONS_PER_CONNECTION: "2" }, db);
  c = await startTestHub({ HUB_ROLE: "api", QUEUE_PREFIX: a.queuePrefix, SUBSCRIPTION_BUFFER: "1", SUBSCRIPTION_RECHECK_MS: "300" }, db);
  d = await startTestHub({ HUB_ROLE: "api", QUEUE_PREFIX: a.queuePrefix, SUBSCRIPTION_BUFFER: "100000", SUBSCRIPTION_BUFFER_BYTES: String(BYTES_LIMIT) }, db);
  for (const code of ["GRX_XFJ", "LJX_XFJ"]) ids[code] = String((await a.org(code)).id);
}, 60_000);
afterAll(async () => {
  await d?.stop({ keepDatabase: true });
  await c?.stop({ keepDatabase: true });
  await b?.stop({ keepDatabase: true });
  await a?.stop();
});

const wsUrl = (t: TestHub) => t.url.replace(/^http/, "ws");

/** A real graphql-ws client collecting one subscription's events, errors, completion and the socket's close code. */
function subscribe(t: TestHub, token: string | null, after?: string, query = `subscription($after: String) { changes(after: $after) { ${FIELDS} } }`) {
  const events: Ev[] = [];
  const errors: { message: string; extensions?: { code?: string } }[] = [];
  let closeCode: number | null = null;
  let completed = false;
  const client: Client = createClient({
    url: wsUrl(t),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    on: { closed: (e) => void (closeCode = (e as { code: number }).code) },
    onNonLazyError: () => undefined,
  });
  const dispose = client.subscribe<{ changes: Ev }>(
    { query, variables: { after: after ?? null } },
    {
      next: (r) => {
        if (r.data?.changes) events.push(r.data.changes);
        if (r.errors) errors.push(...(r.errors as never[]));
      },
      error: (e) => {
        if (Array.isArray(e)) errors.push(...e);
        else errors.push({ message: String((e as { reason?: string }).reason ?? e) });
      },
      complete: () => void (completed = true),
    },
  );
  return {
    events,
    errors,
    get closeCode() {
      return closeCode;
    },
    get completed() {
      return completed;
    },
    async stop() {
      dispose();
      await client.dispose();
    },
  };
}

/** The subscriptions' own feed listeners on a hub: the feed's listeners less one per fan-out group (fan-out-group.ts). */
const subscriberListeners = (t: TestHub) => t.hub.changes.feed!.size - fanOutGroupCount(t.hub.changes.feed!);

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function submit(t: TestHub, locality: string, summary: string, specialGroups: string[] = []): Promise<string> {
  const r = await t.gql<{ submitPetition: { id: string } }>(await t.token("DY_XFJ", [Role.REGISTRAR]), `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: locality, summary, request: "请求解决", specialGroups, petitioners: [{ name: "赵某", phone: "13800001111", disabled: specialGroups.includes("DISABLED") }] },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition.id;
}

async function changes(t: TestHub, token: string, after: string | null, limit = 500) {
  return t.gql<{ changes: { events: Ev[]; nextCursor: string } }>(token, `query($after: String, $limit: Int) { changes(after: $after, limit: $limit) { events { ${FIELDS} } nextCursor } }`, { after, limit });
}

/** The stream's newest cursor as the bureau reads it (a fixed starting point for a test). */
async function headCursor(): Promise<string> {
  const bureau = await a.token("DY_XFJ", [Role.CASE_OFFICER]);
  let page = await changes(b, bureau, null);
  let cursor = page.data!.changes.nextCursor;
  while (page.data!.changes.events.length) {
    page = await changes(b, bureau, cursor);
    cursor = page.data!.changes.nextCursor;
  }
  return cursor;
}

describe("subscriptions see what their caller could query, across hub instances", () => {
  it("the bureau sees all, a county its own, an agency its referral's petition through its projection, another agency nothing", async () => {
    const bureau = subscribe(b, await a.token("DY_XFJ", [Role.CASE_OFFICER]));
    const guangrao = subscribe(b, await a.token("GRX_XFJ", [Role.CASE_OFFICER]));
    const lijin = subscribe(b, await a.token("LJX_XFJ", [Role.CASE_OFFICER]));
    const cl = subscribe(b, await a.token("DY_CL", [Role.AGENCY_SYSTEM]));
    const tyjr = subscribe(b, await a.token("DY_TYJR", [Role.AGENCY_SYSTEM]));
    try {
      // Let the sockets connect and subscribe before committing (without a cursor a subscription is live-only).
      await new Promise((r) => setTimeout(r, 500));
      // Committed through `a`; every subscriber is on `b`. DISABLED routes a referral to 残联 (DY_CL) only.
      const id = await submit(a, ids.GRX_XFJ, "广饶县残疾补贴未发放", ["DISABLED"]);
      await until("the bureau's referral event", () => bureau.events.some((e) => e.type === "referral.created"));
      await until("the agency's referral event", () => cl.events.some((e) => e.type === "referral.created"));
      await until("the county's events", () => guangrao.events.some((e) => e.type === "petition.received"));

      const mine = (s: { events: Ev[] }) => s.events.filter((e) => e.petitionId === id);
      expect(mine(bureau).map((e) => e.type)).toEqual(expect.arrayContaining(["petition.received", "petition.transitioned", "referral.created"]));
      expect(mine(bureau)[0].petition).toMatchObject({ id, channel: "VISIT", summary: "广饶县残疾补贴未发放" });
      expect(mine(guangrao).map((e) => e.type)).toEqual(expect.arrayContaining(["petition.received", "petition.transitioned"]));
      // The agency sees its referral and the petition through the partner projection: no state, no channel.
      const clEvents = mine(cl);
      expect(clEvents.length).toBeGreaterThan(0);
      for (const e of clEvents) expect(e.petition).toMatchObject({ id, state: null, channel: null, summary: "广饶县残疾补贴未发放" });
      // Give stragglers time to arrive, then: nothing at all for the other county or the other agency.
      await new Promise((r) => setTimeout(r, 500));
      expect(lijin.events.filter((e) => e.petitionId === id || e.petition?.id === id)).toEqual([]);
      expect(tyjr.events).toEqual([]);
      // Cursors are strictly increasing and unique.
      const cs = bureau.events.map((e) => e.cursor);
      expect(new Set(cs).size).toBe(cs.length);
      expect([...cs].sort(byCursor)).toEqual(cs);
    } finally {
      for (const s of [bureau, guangrao, lijin, cl, tyjr]) await s.stop();
    }
  }, 30_000);

  it("subscribers of one scope share one execution per event and each still gets it; another scope's filter still applies", async () => {
    const token = await a.token("DY_XFJ", [Role.CASE_OFFICER]);
    const [s1, s2] = [subscribe(b, token), subscribe(b, token)];
    const other = subscribe(b, await a.token("LJX_XFJ", [Role.CASE_OFFICER]));
    try {
      await new Promise((r) => setTimeout(r, 300));
      const id = await submit(a, ids.GRX_XFJ, "共享执行");
      await until("both subscribers", () => [s1, s2].every((s) => s.events.some((e) => e.petitionId === id && e.type === "deadline.opened")));
      const mine = (s: { events: Ev[] }) => s.events.filter((e) => e.petitionId === id);
      expect(mine(s1)).toEqual(mine(s2));
      await new Promise((r) => setTimeout(r, 300));
      expect(other.events.filter((e) => e.petition?.id === id)).toEqual([]);
    } finally {
      for (const s of [s1, s2, other]) await s.stop();
    }
  });

  it("an event committed through one hub process reaches a subscriber on another process", async () => {
    // A real second OS process (src/main.ts), API only, on the same database and Redis prefix.
    const proc = await startHubProcess({ HUB_ROLE: "api", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: dbUrl, REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: a.queuePrefix, JWT_KEYS_FILE: TEST_KEYS_FILE, PII_KEYS_FILE: join(dirname(TEST_KEYS_FILE), "pii.json"), DEMO_DATA: "no" });
    try {
      const url = /"url":"([^"]+)"/.exec(proc.output())![1].replace("localhost", "127.0.0.1");
      const s = subscribe({ url } as TestHub, await a.token("DY_XFJ", [Role.CASE_OFFICER]));
      try {
        await new Promise((r) => setTimeout(r, 500));
        const id = await submit(a, ids.GRX_XFJ, "跨进程订阅");
        await until("the other process's event", () => s.events.some((e) => e.petitionId === id && e.type === "petition.received"));
        expect(s.events.find((e) => e.petitionId === id)!.petition).toMatchObject({ id, summary: "跨进程订阅" });
      } finally {
        await s.stop();
      }
    } finally {
      await proc.kill9();
    }
  }, 45_000);

  it("reconnecting with a cursor gets exactly what was missed, then live events; the changes query returns the same events", async () => {
    const token = await a.token("DY_XFJ", [Role.CASE_OFFICER]);
    const start = await headCursor();
    const first = subscribe(b, token, start);
    const p1 = await submit(a, ids.GRX_XFJ, "第一件");
    await until("p1's events", () => first.events.filter((e) => e.petitionId === p1).length >= 2);
    await first.stop();
    const lastSeen = first.events[first.events.length - 1].cursor;

    // Committed while nobody listens.
    const p2 = await submit(a, ids.LJX_XFJ, "第二件");
    // Wait until it is relayed (the query reads the stream).
    let missed: Ev[] = [];
    for (let i = 0; i < 200 && !missed.some((e) => e.petitionId === p2 && e.type === "deadline.opened"); i++) {
      missed = (await changes(b, token, lastSeen)).data!.changes.events;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(missed.some((e) => e.petitionId === p2)).toBe(true);

    const second = subscribe(b, token, lastSeen);
    try {
      await until("the replay", () => second.events.length >= missed.length);
      const p3 = await submit(a, ids.GRX_XFJ, "第三件");
      await until("p3 live", () => second.events.some((e) => e.petitionId === p3 && e.type === "deadline.opened"));
      const got = second.events.map((e) => e.cursor);
      // Nothing twice, nothing before the cursor, and the missed events first and in order, exactly as the query has them.
      expect(new Set(got).size).toBe(got.length);
      expect(got.every((c) => byCursor(c, lastSeen) > 0)).toBe(true);
      expect(got.slice(0, missed.length)).toEqual(missed.map((e) => e.cursor));
      // The query from the first cursor returns what both subscriptions together delivered (same events, same fields).
      const all = (await changes(b, token, start)).data!.changes.events;
      const seen = [...first.events, ...second.events];
      expect(seen.map((e) => e.cursor)).toEqual(all.slice(0, seen.length).map((e) => e.cursor));
      expect(seen.map((e) => [e.type, e.petitionId])).toEqual(all.slice(0, seen.length).map((e) => [e.type, e.petitionId]));
    } finally {
      await second.stop();
    }
  }, 40_000);
});

describe("the README's subscription example", () => {
  it("runs as written and delivers the next change", async () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    const example = /```graphql\n(subscription \{[^`]*\})\n```/.exec(readme)?.[1];
    expect(example).toContain("changes(after: null)");
    const s = subscribe(b, await a.token("DY_XFJ", [Role.CASE_OFFICER]), undefined, example!);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const id = await submit(a, ids.GRX_XFJ, "README 示例");
      await until("the README subscription's event", () => s.events.some((e) => e.petitionId === id));
      expect(s.errors).toEqual([]);
      const e = s.events.find((x) => x.petitionId === id)! as unknown as { petition: { number: string; state: string } };
      expect(e.petition.number).toMatch(/\S/);
    } finally {
      await s.stop();
    }
  });
});

describe("cursors and tokens", () => {
  it("a cursor out of retention or not a cursor is CURSOR_EXPIRED, on the query and the subscription", async () => {
    const token = await a.token("DY_XFJ", [Role.CASE_OFFICER]);
    // 1000 ms after the epoch: far older than the 72 h retention.
    for (const cursor of ["1000-0", "not-a-cursor"]) {
      const r = await changes(b, token, cursor);
      expect(r.errors?.[0]?.extensions?.code).toBe("CURSOR_EXPIRED");
      expect(r.errors?.[0]?.message).toMatch(/re-sync with a query/);
    }
    const s = subscribe(b, token, "1000-0");
    try {
      await until("the subscription's error", () => s.errors.length > 0);
      expect(s.errors[0].extensions?.code).toBe("CURSOR_EXPIRED");
      expect(s.events).toEqual([]);
    } finally {
      await s.stop();
    }
  });

  it("an expired token's socket is closed with 4403 within 5 s of exp; a missing or forged token is refused with 4403", async () => {
    // Valid for 2 s from now: the subscription starts, then the socket must be closed by exp + 5 s (7 s from here).
    const short = await a.sign({ sub: "test:short", org: "DY_XFJ", roles: [Role.CASE_OFFICER] }, { ttlSeconds: 2 });
    const started = Date.now();
    const s = subscribe(b, short);
    try {
      await until("the 4403 close", () => s.closeCode !== null, 8_000);
      expect(s.closeCode).toBe(4403);
      expect(Date.now() - started).toBeLessThan(7_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    } finally {
      await s.stop();
    }
    for (const token of [null, "forged.token.value"]) {
      const r = subscribe(b, token);
      try {
        await until("the refusal", () => r.closeCode !== null);
        expect(r.closeCode).toBe(4403);
      } finally {
        await r.stop();
      }
    }
  }, 20_000);
});

describe("the socket serves subscriptions only, audited like HTTP", () => {
  it("a query or mutation over the socket is refused: they go through HTTP's guard", async () => {
    const s = subscribe(b, await a.token("DY_XFJ", [Role.CASE_OFFICER]), undefined, `query { me { id } }`);
    try {
      await until("the refusal", () => s.errors.length > 0);
      expect(s.errors[0].message).toMatch(/only subscriptions/);
      expect(s.events).toEqual([]);
    } finally {
      await s.stop();
    }
  });

  it("one connection runs at most SUBSCRIPTIONS_PER_CONNECTION operations: the next is SUBSCRIPTION_LIMIT, the others keep running", async () => {
    const token = await a.token("DY_XFJ", [Role.CASE_OFFICER]);
    const client: Client = createClient({ url: wsUrl(b), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
    const got: Record<string, string[]> = { one: [], two: [], three: [], four: [] };
    const errs: Record<string, string[]> = { one: [], two: [], three: [], four: [] };
    const open = (name: string) =>
      client.subscribe<{ changes: Ev }>({ query: `subscription { changes { cursor } }` }, {
        next: (r) => void (r.data?.changes && got[name].push(r.data.changes.cursor)),
        error: (e) => void errs[name].push(...(Array.isArray(e) ? e.map((x: { extensions?: { code?: string } }) => String(x.extensions?.code)) : [String(e)])),
        complete: () => undefined,
      });
    try {
      open("one");
      const stopTwo = open("two");
      await until("two listeners on hub b", () => subscriberListeners(b) >= 2);
      open("three");
      await until("the refusal", () => errs.three.length > 0);
      expect(errs.three).toEqual(["SUBSCRIPTION_LIMIT"]);
      await submit(a, ids.GRX_XFJ, "上限 测试");
      await until("both running subscriptions get the event", () => got.one.length > 0 && got.two.length > 0);
      expect(got.three).toEqual([]);
      // Completing one frees its place on the connection.
      stopTwo();
      await until("two's listener gone", () => subscriberListeners(b) < 2);
      open("four");
      await until("four's listener", () => subscriberListeners(b) >= 2);
      expect(errs.four).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it("a client message over 64 KiB closes the socket with 1009 (ws's default would take 100 MiB)", async () => {
    const ws = new WebSocket(wsUrl(b), "graphql-transport-ws");
    await new Promise((r, j) => { ws.once("open", r); ws.once("error", j); });
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    ws.send(JSON.stringify({ type: "connection_init", payload: { pad: "x".repeat(70 * 1024) } }));
    expect(await closed).toBe(1009);
  });

  it("personal data read in clear through an event is recorded in pii_access, as an HTTP read is", async () => {
    const q = `subscription { changes { type petitionId petition { petitioners { phone } } } }`;
    const s = subscribe(b, await a.token("DY_XFJ", [Role.REGISTRAR], "test:pii-subscriber"), undefined, q);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const id = await submit(a, ids.GRX_XFJ, "订阅读取个人信息");
      await until("the event", () => s.events.some((e) => e.petitionId === id));
      const got = s.events.find((e) => e.petitionId === id) as unknown as { petition: { petitioners: { phone: string }[] } };
      expect(got.petition.petitioners[0].phone).toBe("13800001111");
      const rows: { field: string }[] = await a.hub.deps.db.query("SELECT field FROM pii_access WHERE petitionId = ? AND actor = ?", [Number(id), "test:pii-subscriber"]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.field === "phone")).toBe(true);
    } finally {
      await s.stop();
    }
  });
});

describe("slow clients and revoked clients", () => {
  it("a subscriber whose buffer overflows gets RESYNC_REQUIRED and its subscription ends", async () => {
    // With a cursor the subscriber buffers its first live batch itself (the replay seam) before any fan-out group may
    // serve it; a group's members buffer nothing (their bound is the socket's bytes, tested below).
    const s = subscribe(c, await a.token("DY_XFJ", [Role.CASE_OFFICER]), await a.hub.changes.stream.lastId());
    try {
      await new Promise((r) => setTimeout(r, 300));
      // One registration commits three events in one transaction; the relay appends them together and the feed hands
      // them over in one read, before the subscriber can take the first: the second overflows a one-event buffer.
      await submit(a, ids.GRX_XFJ, "缓冲溢出");
      await until("RESYNC_REQUIRED", () => s.errors.length > 0);
      expect(s.errors[0].extensions?.code).toBe("RESYNC_REQUIRED");
      await until("completion", () => s.completed);
    } finally {
      await s.stop();
    }
  });

  it("a client that stops reading is closed with 4410 once its socket holds the byte bound; the hub holds no more; a reading subscriber gets every event", async () => {
    const token = await a.token("DY_XFJ", [Role.CASE_OFFICER]);
    const listenersBefore = subscriberListeners(d);
    // A raw graphql-transport-ws client with many subscriptions on one socket, which then stops reading (ws pause():
    // the TCP socket is no longer read, so the kernel's buffers fill and the backlog lands in the hub's socket buffer).
    const slow = new WebSocket(wsUrl(d), "graphql-transport-ws");
    const closedWith = new Promise<{ code: number; reason: string }>((r) => slow.once("close", (code, reason) => r({ code, reason: String(reason) })));
    await new Promise<void>((resolve, reject) => {
      slow.once("error", reject);
      slow.once("open", () => slow.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
      slow.once("message", (m) => (JSON.parse(String(m)).type === "connection_ack" ? resolve() : reject(new Error(String(m)))));
    });
    const SUBS = 40;
    for (let i = 0; i < SUBS; i++) slow.send(JSON.stringify({ id: `s${i}`, type: "subscribe", payload: { query: "subscription { changes { cursor type aggregateType at } }" } }));
    const reader = subscribe(d, token, undefined, "subscription { changes { cursor type aggregateType at } }");
    try {
      await until("every subscription registered", () => subscriberListeners(d) >= listenersBefore + SUBS + 1);
      slow.pause();
      // 1,200 bureau-only events (≈ 170 bytes per frame × 40 subscriptions ≈ 8 MB for the slow socket: more than the
      // ≈ 4 MB the kernel takes for a paused loopback peer, so the rest must wait in the hub, where it is bounded).
      const n = 1_200;
      for (let k = 0; k < n; k += 400)
        await withTransaction(a.hub.deps.db, async (em) => {
          for (let j = k; j < k + 400; j++) await appendOutbox(em, "bench", j, [{ type: "test.slow-client", data: { j } }], { actor: "test", at: new Date() });
        });
      await until("the slow connection's overflow", () => d.hub.subscriptionStats()!.overflowed === 1, 30_000);
      const stats = d.hub.subscriptionStats()!;
      // At most the bound plus the one frame that crossed it, however much more was produced for that client.
      expect(stats.peakBufferedBytes).toBeGreaterThan(BYTES_LIMIT);
      expect(stats.peakBufferedBytes).toBeLessThan(BYTES_LIMIT + 1024);
      // Its subscriptions ended at once (no listener left behind producing for a socket that is closing).
      await until("the slow subscriptions' listeners are gone", () => subscriberListeners(d) === listenersBefore + 1);
      // A client that reads again gets what was buffered, then the close code that says: re-sync.
      slow.resume();
      const closed = await closedWith;
      expect(closed.code).toBe(RESYNC_CLOSE);
      expect(closed.reason).toMatch(/RESYNC_REQUIRED/);
      // The reading subscriber on the same hub got every one of them, once.
      await until("the reader's events", () => reader.events.filter((e) => e.type === "test.slow-client").length >= n, 30_000);
      const mine = reader.events.filter((e) => e.type === "test.slow-client").map((e) => e.cursor);
      expect(new Set(mine).size).toBe(n);
      expect(mine.length).toBe(n);
      expect(reader.closeCode).toBeNull();
    } finally {
      slow.terminate();
      await reader.stop();
    }
  }, 90_000);

  it("revoking a machine client closes its subscription with 4403 (well within 60 s)", async () => {
    const m = await createMachineClient(a, { orgCode: "DY_CL", roles: [Role.AGENCY_SYSTEM] });
    const issued = await tokenRequest(a, { grant_type: "client_credentials" }, basicAuth(m.clientId, m.clientSecret!));
    const s = subscribe(c, String(issued.body.access_token));
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(s.closeCode).toBeNull();
      const revoked = await a.gql(await a.token("DY_XFJ", [Role.OPERATOR], "admin:test"), `mutation { revokeMachineClient(id: "${m.id}") { id } }`);
      expect(revoked.errors).toBeUndefined();
      const at = Date.now();
      // c learns of it by its re-check (300 ms here) once its revocation cache entry (5 s) is stale.
      await until("the 4403 close", () => s.closeCode !== null, 10_000);
      expect(s.closeCode).toBe(4403);
      expect(Date.now() - at).toBeLessThan(60_000);
    } finally {
      await s.stop();
    }
  }, 20_000);
});

function byCursor(x: string, y: string): number {
  const [xm, xs] = x.split("-").map(Number);
  const [ym, ys] = y.split("-").map(Number);
  return xm - ym || xs - ys;
}
