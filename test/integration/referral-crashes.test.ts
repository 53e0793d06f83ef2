import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import Redis from "ioredis";
import { parseAgencyEndpoints } from "../../src/connectors/config";
import { Role } from "../../src/domain/petition-terms";
import { agencyQueue } from "../../src/queues/contracts";
import { redisOptions } from "../../src/queues/redis";
import { count, referralsOf, waitForReferrals } from "../factories/referrals";
import { freshDatabaseUrl, startTestHub, TEST_KEYS_FILE, testIssuer, TestHub } from "../factories/test-hub";
import { startAgencySimulator, StartedSimulator } from "../simulators";
import { startHubProcess } from "../support/hub-process";

// Crash tests: real processes killed with SIGKILL, a real Redis restarted from its AOF. Each ends with every
// referral delivered exactly once in effect (one DELIVER, one case at the agency).

const REGISTER = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`;
const disabledPetition = (locality: string) => ({ channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: locality, specialGroups: ["DISABLED"], summary: "残疾人生活补贴停发", request: "请求恢复发放", petitioners: [{ name: "钱某" }] });

let sim: StartedSimulator;
beforeEach(async () => {
  // No hub callbacks: the agency only records deliveries; we watch our own delivery bookkeeping.
  sim = await startAgencySimulator("DY_CL", { ackDelayMs: Infinity, respondDelayMs: Infinity, timeoutMs: 10_000 });
});
afterEach(() => sim?.simulator.stop());

const endpoints = () => JSON.stringify({ DY_CL: sim.settings });
const casesFor = (referralId: string) => sim.simulator.received().filter((d) => d.referralId === referralId);

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it("a worker killed with SIGKILL mid-delivery is replaced; the stalled job is redelivered without a duplicate", async () => {
  const db = await freshDatabaseUrl();
  const api = await startTestHub({ HUB_ROLE: "api" }, db);
  const env = { HUB_ROLE: "worker", DATABASE_URL: db.url, REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: api.queuePrefix, DEMO_DATA: "no", RELAY_INTERVAL_MS: "50", AGENCY_ENDPOINTS_JSON: endpoints(), DELIVERY_LOCK_MS: "1500", DELIVERY_STALLED_CHECK_MS: "1000" };
  let worker = await startHubProcess(env);
  try {
    sim.simulator.control.delayNext(1, 2_500); // the first delivery hangs at the agency…
    const token = await api.token("DY_XFJ", [Role.REGISTRAR]);
    const id = (await api.gql<{ submitPetition: { id: string } }>(token, REGISTER, { i: disabledPetition(String((await api.org("GRX_XFJ")).id)) })).data!.submitPetition.id;
    await until("the delivery to reach the agency", () => sim.simulator.requests() >= 1);
    await worker.kill9(); // …and the worker dies while waiting for it
    worker = await startHubProcess(env);
    const [r] = await waitForReferrals(api, id, (rs) => rs.length === 1 && !!rs[0].externalRef, 30_000);
    expect(r.state).toBe("DELIVERED");
    expect(count(r, "DELIVER")).toBe(1);
    expect(casesFor(r.id)).toHaveLength(1);
    expect(sim.simulator.requests()).toBeGreaterThanOrEqual(2); // it really was sent again
  } finally {
    await worker.kill9();
    await api.stop();
  }
}, 60_000);

it("the hub killed with SIGKILL right after committing still gets its referral delivered, once", async () => {
  const db = await freshDatabaseUrl();
  const prefix = `crash${Date.now() % 100000}`;
  const apiProc = await startHubProcess({ HUB_ROLE: "api", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: db.url, REDIS_URL: process.env.TEST_REDIS_URL!, QUEUE_PREFIX: prefix, JWT_KEYS_FILE: TEST_KEYS_FILE, DEMO_DATA: "no" });
  const url = /"url":"([^"]+)"/.exec(apiProc.output())![1].replace("localhost", "127.0.0.1");
  const token = (await (await testIssuer()).sign({ sub: "registrar", org: "DY_XFJ", roles: [Role.REGISTRAR] })).token;
  const orgs = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: `{ organizations { id code } }` }) });
  const locality = ((await orgs.json()) as { data: { organizations: { id: string; code: string }[] } }).data.organizations.find((o) => o.code === "GRX_XFJ")!.id;
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: REGISTER, variables: { i: disabledPetition(locality) } }) });
  const id = ((await res.json()) as { data: { submitPetition: { id: string } } }).data.submitPetition.id;
  await apiProc.kill9(); // committed, never relayed: this process has no relay at all

  const worker = await startTestHub({ QUEUE_PREFIX: prefix }, db, { agencies: parseAgencyEndpoints(endpoints()) });
  try {
    const [r] = await waitForReferrals(worker, id, (rs) => rs.length === 1 && rs[0].state === "DELIVERED");
    expect(count(r, "DELIVER")).toBe(1);
    expect(casesFor(r.id)).toHaveLength(1);
  } finally {
    await worker.stop();
  }
}, 60_000);

/** A Redis of our own, so restarting it does not disturb other test files. AOF fsync'd on every write. */
async function ownRedis(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
  const probe = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  await until("redis to start", async () => probe.connect().then(() => probe.ping().then(() => true), () => false));
  probe.disconnect();
  return child;
}

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });

it("Redis restarted (AOF) between enqueue and processing loses no delivery", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hub-aof-"));
  const port = await freePort();
  const redisUrl = `redis://127.0.0.1:${port}/0`;
  let redis = await ownRedis(dir, port);
  const db = await freshDatabaseUrl();
  let hub: TestHub | null = null;
  try {
    // A hub with no connector for 残联: the relay enqueues the delivery job, nobody processes it yet.
    hub = await startTestHub({ REDIS_URL: redisUrl }, db);
    const token = await hub.token("DY_XFJ", [Role.REGISTRAR]);
    const id = (await hub.gql<{ submitPetition: { id: string } }>(token, REGISTER, { i: disabledPetition(String((await hub.org("GRX_XFJ")).id)) })).data!.submitPetition.id;
    const queue = new Queue(agencyQueue("DY_CL"), { connection: redisOptions(redisUrl), prefix: hub.queuePrefix });
    await until("the delivery job to be enqueued", async () => (await queue.getWaitingCount()) === 1);
    await queue.close();
    const prefix = hub.queuePrefix;
    await hub.stop({ keepDatabase: true });
    hub = null;

    const admin = new Redis(port, "127.0.0.1");
    await admin.call("SHUTDOWN").catch(() => undefined); // AOF already holds every write
    admin.disconnect();
    await new Promise((r) => (redis.exitCode === null ? redis.once("exit", r) : r(null)));
    redis = await ownRedis(dir, port);

    hub = await startTestHub({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }, db, { agencies: parseAgencyEndpoints(endpoints()) });
    const [r] = await waitForReferrals(hub, id, (rs) => rs.length === 1 && rs[0].state === "DELIVERED");
    expect(count(r, "DELIVER")).toBe(1);
    expect(casesFor(r.id)).toHaveLength(1);
    expect((await referralsOf(hub, id)).length).toBe(1);
  } finally {
    await hub?.stop();
    redis.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
