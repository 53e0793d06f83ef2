import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, Worker } from "bullmq";
import Redis from "ioredis";
import { createLogger } from "../../src/platform/logger";
import { agencyQueue, DELIVERY_JOB_OPTIONS } from "../../src/queues/contracts";
import { startMaintenance } from "../../src/queues/maintenance.worker";
import { redisOptions } from "../../src/queues/redis";
import { freshDatabaseUrl, startTestHub } from "../factories/test-hub";
import { startAgencySimulator, StartedSimulator } from "../simulators";
import { startHubProcess } from "../support/hub-process";

// Every BullMQ queue, worker and queue-events object reports into the structured (JSON) log: a Redis that goes
// away is a few JSON lines with the queue's name, never a raw stack trace on stderr; a job taken over from a dead
// worker (stalled) is logged with its id and queue.

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });

/** A Redis of our own (killing the shared test Redis would break every other suite). */
async function ownRedis(): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "hub-qlog-"));
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
  const probe = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  await until("redis to start", () => probe.connect().then(() => probe.ping().then(() => true), () => false));
  probe.disconnect();
  return { url: `redis://127.0.0.1:${port}/0`, child, dir };
}

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startAgencySimulator("DY_CL", { ackDelayMs: Infinity, respondDelayMs: Infinity });
});
afterAll(() => sim?.simulator.stop());

it("Redis killed under a running hub: queue and worker errors are JSON log lines naming the queue, no raw stack on stderr", async () => {
  const redis = await ownRedis();
  const db = await freshDatabaseUrl();
  const hub = await startHubProcess({
    HUB_ROLE: "all", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: "qlog", DEMO_DATA: "no",
    AGENCY_ENDPOINTS_JSON: JSON.stringify({ DY_CL: sim.settings }), SWEEP_EVERY_MS: "1000",
  });
  try {
    const before = hub.output().length;
    redis.child.kill("SIGKILL");
    // BullMQ and ioredis reconnect every few hundred ms: give them a few rounds of failing.
    await until("the queues to report the lost connection", () => /"msg":"(worker|queue) error"/.test(hub.output().slice(before)), 15_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const lines = hub.output().split("\n").filter((l) => l.trim() !== "");
    // Every line the process wrote, stdout and stderr alike, is a JSON log record.
    const raw = lines.filter((l) => !l.startsWith("{"));
    expect(raw).toEqual([]);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const queueErrors = records.filter((r) => r.msg === "worker error" || r.msg === "queue error");
    // The agency worker and the maintenance worker both said which queue lost Redis.
    const named = new Set(queueErrors.map((r) => r.queue));
    expect(named).toContain(agencyQueue("DY_CL"));
    expect(named).toContain("hub-maintenance");
    // The API's own Redis client too (readiness, nonces, sessions), also as JSON.
    expect(records.some((r) => r.msg === "redis client error" && r.component === "api-redis")).toBe(true);
    expect(queueErrors.every((r) => r.level === 50 && typeof r.error === "string" && r.stack === undefined)).toBe(true);
    // Repeats of one error are held back: a handful of lines per queue, not one per reconnect attempt.
    const perTarget = new Map<string, number>();
    for (const r of queueErrors) perTarget.set(`${r.component}:${r.queue}:${r.error}`, (perTarget.get(`${r.component}:${r.queue}:${r.error}`) ?? 0) + 1);
    expect(Math.max(...perTarget.values())).toBeLessThanOrEqual(2);
  } finally {
    await hub.kill9();
    await db.drop();
    rmSync(redis.dir, { recursive: true, force: true });
  }
}, 60_000);

it("a job whose worker died (lock expired) is taken over and the takeover is logged with job id and queue", async () => {
  const redis = await ownRedis();
  const db = await freshDatabaseUrl();
  const prefix = "qstall";
  const name = agencyQueue("DY_CL");
  // A worker that took a delivery job and then died: it holds the job's lock for 1 s and never renews it.
  const queue = new Queue(name, { connection: redisOptions(redis.url), prefix });
  await queue.add("referral.delivery-requested", { outboxId: "999", referralId: 999_999, agencyCode: "DY_CL", requestedAt: new Date().toISOString() }, { ...DELIVERY_JOB_OPTIONS, jobId: "ob-999" });
  const dead = new Worker(name, null, { connection: redisOptions(redis.url), prefix, lockDuration: 1_000, autorun: false });
  const job = await dead.getNextJob("dead-worker");
  expect(job?.id).toBe("ob-999");
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("info", { write: (l: string) => void lines.push(JSON.parse(l)) });
  const t = await startTestHub({ REDIS_URL: redis.url, QUEUE_PREFIX: prefix, DELIVERY_LOCK_MS: "1000", DELIVERY_STALLED_CHECK_MS: "500" }, db, { agencies: { DY_CL: sim.settings }, log });
  try {
    await until("the takeover to be logged", () => lines.some((l) => l.msg === "stalled job taken over"), 15_000);
    expect(lines.find((l) => l.msg === "stalled job taken over")).toMatchObject({ level: 40, queue: name, jobId: "ob-999", component: "worker", agency: "DY_CL" });
  } finally {
    await dead.close(true);
    await queue.close();
    await t.stop();
    redis.child.kill("SIGKILL");
    rmSync(redis.dir, { recursive: true, force: true });
  }
}, 60_000);

it("a periodic task that throws is logged as a failed task, not dropped", async () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("info", { write: (l: string) => void lines.push(JSON.parse(l)) });
  const m = await startMaintenance(process.env.TEST_REDIS_URL!, `qfail${Date.now() % 100000}`, [{ name: "broken-task", everyMs: 60_000, run: async () => Promise.reject(new Error("database is gone")) }], log);
  try {
    await until("the failure to be logged", () => lines.some((l) => l.msg === "periodic task failed"), 15_000);
    expect(lines.find((l) => l.msg === "periodic task failed")).toMatchObject({ level: 50, task: "broken-task", err: { message: "database is gone" } });
  } finally {
    m.guard.stop();
    await m.worker.close();
    await m.queue.close();
  }
}, 30_000);
