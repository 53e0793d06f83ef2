import { Queue } from "bullmq";
import { sweepDeadlines } from "../../src/commands/sweep-deadlines";
import { Role } from "../../src/domain/petition-terms";
import { createLogger } from "../../src/platform/logger";
import { eventJobId, QUEUES } from "../../src/queues/contracts";
import { OutboxRelay } from "../../src/queues/outbox-relay";
import { redisOptions } from "../../src/queues/redis";
import { freshDatabaseUrl, startTestHub, TestHub } from "../factories/test-hub";
import { dateParam } from "../../src/db/sql-params";

const SUBMIT = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`;

async function submit(t: TestHub, summary: string): Promise<string> {
  const token = await t.token("DY_XFJ", [Role.REGISTRAR]);
  const r = await t.gql<{ submitPetition: { id: string } }>(token, SUBMIT, {
    i: { channel: "TELEPHONE", category: "APPEAL_REQUEST", localityOrgId: String((await t.org("DYQ_XFJ")).id), summary, request: "请求处理", anonymous: true },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition.id;
}

describe("transactional outbox", () => {
  it("rows committed by a process that died before relaying are relayed after restart, once", async () => {
    const db = await freshDatabaseUrl();
    // An API-only process commits but never relays: the stand-in for a crash right after commit.
    const api = await startTestHub({ HUB_ROLE: "api" }, db);
    const id = await submit(api, "东营区噪音扰民");
    const prefix = api.queuePrefix;
    await api.stop({ keepDatabase: true });

    const worker = await startTestHub({ HUB_ROLE: "worker", QUEUE_PREFIX: prefix }, db);
    const queue = new Queue(QUEUES.events, { connection: redisOptions(process.env.TEST_REDIS_URL!), prefix });
    const stream = worker.hub.changes.stream;
    const entriesOf = async () => (await stream.after(null, 10_000)).filter((e) => e.aggregateId === id);
    try {
      const deadline = Date.now() + 10_000;
      let rows: { id: string; sentAt: Date | null; type: string }[] = [];
      while (Date.now() < deadline) {
        rows = await worker.hub.deps.db.query("SELECT id, sentAt, type FROM outbox WHERE aggregateId = ? ORDER BY id", [id]);
        if (rows.length && rows.every((r) => r.sentAt)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(rows.map((r) => r.type)).toEqual(["petition.received", "petition.transitioned", "deadline.opened"]);
      expect(rows.every((r) => r.sentAt)).toBe(true);
      // Each row is in the change stream once, in relay order; none is enqueued on hub-events, which has no consumer
      // for these types (relay only what has a consumer).
      const entries = await entriesOf();
      expect(entries.map((e) => [e.outboxId, e.type])).toEqual(rows.map((r) => [String(r.id), r.type]));
      for (const r of rows) expect(await queue.getJob(eventJobId(String(r.id)))).toBeUndefined();

      // A relay that crashed after appending but before marking re-appends the same outbox ids: the stream keeps one
      // entry each. The hub's own relay is stopped first, or it (not the one under test) re-relays the rows.
      await worker.hub.relay!.stop();
      await worker.hub.deps.db.query("UPDATE outbox SET sentAt = NULL WHERE aggregateId = ?", [id]);
      const relay = new OutboxRelay(worker.hub.deps.db, () => queue, createLogger("silent"), { intervalMs: 1000, url: worker.databaseUrl, stream, hasConsumer: () => false });
      expect(await relay.relayOnce()).toBeGreaterThanOrEqual(rows.length);
      expect((await entriesOf()).map((e) => e.id)).toEqual(entries.map((e) => e.id));
      const resent: { sentAt: Date | null }[] = await worker.hub.deps.db.query("SELECT sentAt FROM outbox WHERE aggregateId = ?", [id]);
      expect(resent.every((r) => r.sentAt)).toBe(true);
    } finally {
      await queue.close();
      await worker.stop();
    }
  });

  it("an event type with a consumer is still enqueued on hub-events, once per outbox row", async () => {
    const t = await startTestHub({ HUB_ROLE: "api" });
    const queue = new Queue(QUEUES.events, { connection: redisOptions(process.env.TEST_REDIS_URL!), prefix: t.queuePrefix });
    try {
      const id = await submit(t, "东营区占道经营");
      const relay = new OutboxRelay(t.hub.deps.db, () => queue, createLogger("silent"), { intervalMs: 1000, url: t.databaseUrl, stream: t.hub.changes.stream, hasConsumer: (type) => type === "petition.received" });
      await relay.relayOnce();
      const rows: { id: string; type: string }[] = await t.hub.deps.db.query("SELECT id, type FROM outbox WHERE aggregateId = ? ORDER BY id", [id]);
      for (const r of rows) {
        const job = await queue.getJob(eventJobId(String(r.id)));
        if (r.type === "petition.received") expect(job?.data).toMatchObject({ outboxId: String(r.id), type: r.type, aggregateId: id });
        else expect(job).toBeUndefined();
      }
      // Every row, consumed or not, is in the stream.
      expect((await t.hub.changes.stream.after(null, 10_000)).filter((e) => e.aggregateId === id).map((e) => e.type)).toEqual(rows.map((r) => r.type));
    } finally {
      await queue.close();
      await t.stop();
    }
  });
});

describe("deadline sweep", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ HUB_ROLE: "api" });
  });
  afterAll(() => t?.stop());

  it("marks an overdue duty BREACHED with one red warning, and warns yellow a working day before", async () => {
    const overdue = await submit(t, "逾期测试");
    const soon = await submit(t, "预警测试");
    const now = new Date();
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ?", [dateParam(t.hub.deps.db, new Date(now.getTime() - 3600_000)), overdue]);
    // Due at the end of today (local): inside the one-working-day yellow zone whatever today is.
    const endOfToday = t.hub.deps.calc.calendar.endOfDay(t.hub.deps.calc.calendar.localDate(now));
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ?", [dateParam(t.hub.deps.db, endOfToday), soon]);

    const first = await sweepDeadlines(t.hub.deps, now);
    expect(first.red).toBeGreaterThanOrEqual(1);
    expect(first.yellow).toBeGreaterThanOrEqual(1);
    const [d] = await t.hub.deps.db.query("SELECT state, redWarnedAt FROM deadline WHERE petitionId = ?", [overdue]);
    expect(d.state).toBe("BREACHED");
    const warnings = async (pid: string) =>
      (await t.hub.deps.db.query("SELECT payload FROM outbox WHERE aggregateId = ? AND type = 'deadline.warning'", [pid])).map((r: { payload: string }) => JSON.parse(r.payload).level);
    expect(await warnings(overdue)).toEqual(["RED"]);
    expect(await warnings(soon)).toEqual(["YELLOW"]);

    // Idempotent: a second sweep raises nothing new.
    await sweepDeadlines(t.hub.deps, now);
    expect(await warnings(overdue)).toEqual(["RED"]);
    expect(await warnings(soon)).toEqual(["YELLOW"]);

    // The overdue filter and the read-time colour agree with the sweep.
    const token = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const list = await t.gql<{ petitions: { nodes: { id: string; deadlines: { warning: string }[] }[] } }>(token, `{ petitions(first: 100, filter: { overdue: true }) { nodes { id deadlines(openOnly: true) { warning } } } }`);
    const ids = list.data!.petitions.nodes.map((n) => n.id);
    expect(ids).toContain(overdue);
    expect(ids).not.toContain(soon);
    expect(list.data!.petitions.nodes.find((n) => n.id === overdue)!.deadlines[0].warning).toBe("RED");
  });
});
