/**
 * `npm run bench -- referrals`: referral events through outbox → relay → per-agency BullMQ queue → delivery worker →
 * connector → an agency simulator over real HTTP (残联 DY_CL REST+HMAC, 退役军人事务局 DY_TYJR GraphQL; callbacks off),
 * everything in this process against one MariaDB + Redis. Referrals come from registering petitions with special
 * groups through `submitPetition` (one or two referrals each), `BENCH_CREATE_CONCURRENCY` at a time.
 *
 * - steady: one HUB_ROLE=all hub creates and delivers at once; latency = the bench's clock when submitPetition
 *   resolved (just after COMMIT) → referral.deliveredAt (set by the DELIVER transition, after the partner answered).
 *   events/s = delivered / (last deliveredAt − first commit). It also prints the run window by window with the hub
 *   process's event-loop delay, waits for a pooled connection and the relay's batches (bench/lib/steady-probes.ts).
 * - drain: a HUB_ROLE=api hub (no relay) creates the backlog and stops; then a HUB_ROLE=worker hub starts on that
 *   database. events/s = N / (last deliveredAt − the moment startHub was called), worker start-up included.
 * - baseline: raw BullMQ on the same Redis as in /work/shared/stack-notes.md §6 (f): addBulk N jobs (same options as
 *   the hub's delivery jobs) onto one queue per agency, then a no-op Worker per queue at concurrency 10 (as the hub's);
 *   jobs/s = N / time to process them; latency = 1,000 single add() → completed, after 50 warm-up.
 *
 * Every mode ends by checking that each referral was delivered exactly once (exit 1 otherwise).
 * The simulators run in their own node process by default (partners are separate systems; BENCH_SIMULATORS=inline
 * puts them back into this one, as before issue 8's pipeline work); every process's CPU is reported, per delivery too.
 * Env: BENCH_DATABASE_URL + BENCH_REDIS_URL (else a throwaway MariaDB + Redis), BENCH_REFERRALS (10,000),
 * BENCH_CREATE_CONCURRENCY (16), BENCH_CREATE_RATE (referrals/s in steady mode; 0 = unpaced), BENCH_WARMUP_MS (3000: steady referrals committed this early are the warm-up, printed apart and left out of the percentiles), BENCH_WINDOW_MS (1000: steady mode's per-window table), BENCH_WORKER_PROCESSES (1; drain only), BENCH_MODES (steady,drain,raw: a subset for quick trials), BENCH_SIMULATORS (process | inline), DB_POOL_SIZE, DELIVERY_CONCURRENCY, BENCH_CPU_PROF=<dir> (a V8 CPU profile of this process per phase).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import * as os from "node:os";
import * as path from "node:path";
import { Queue, Worker } from "bullmq";
import Redis from "ioredis";
import { createConnection } from "mysql2/promise";
import pino from "pino";
import { DataSource } from "typeorm";
import { HubDeps } from "../src/commands/command-context";
import { DELIVERY_REQUESTED } from "../src/commands/create-referrals";
import { submitPetition } from "../src/commands/submit-petition";
import { OrganizationEntity } from "../src/db/entities";
import { ORG } from "../src/db/seed/organizations";
import { Principal } from "../src/domain/access/principal";
import { Category, Channel, Role, SpecialGroup } from "../src/domain/petition-terms";
import { Hub, startHub } from "../src/hub";
import { agencyQueue, DELIVERY_JOB_OPTIONS, eventJobId } from "../src/queues/contracts";
import type { RelayBatchStats } from "../src/queues/outbox-relay";
import { redisOptions } from "../src/queues/redis";
import { loadConfig } from "../src/platform/config";
import { ensureKeySetFile } from "../src/platform/keys/key-set";
import { BenchSimulators, startBenchSimulators } from "./lib/bench-simulators";
import { percentile, SteadyProbes } from "./lib/steady-probes";
import { onCleanup } from "./lib/cleanup";
import { cpuSeconds, startTarget, Target } from "./lib/load";
import { fmt, printMachine } from "./lib/machine";
import { benchServices, BenchServices, freshDatabase } from "./lib/services";
import { createKeyFile } from "../src/platform/pii-keys";
import { TEST_PARTNER_KEYS_JSON } from "../test/factories/partner-keys";

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
/** Knobs (env, for quick trial runs); the defaults are the benchmark. */
const SETTINGS = {
  referrals: num("BENCH_REFERRALS", 10_000),
  createConcurrency: num("BENCH_CREATE_CONCURRENCY", 16),
  /**
   * Steady mode: hold creation at this many referrals/s (0 = as fast as submitPetition goes). The issue's latency
   * target is stated with creation at half the drain rate: pass half of a drain run's events/s.
   */
  createRate: num("BENCH_CREATE_RATE", 0),
  relayIntervalMs: 50,
  /**
   * Steady mode: referrals committed in the first BENCH_WARMUP_MS of creation are the warm-up (JIT, pools, first
   * groups), printed on their own line and left out of the reported percentiles.
   */
  warmupMs: num("BENCH_WARMUP_MS", 3000),
  /** Steady mode: the per-window table's window (by commit time) and the probes' sampling period. */
  windowMs: num("BENCH_WINDOW_MS", 1000),
  /** Give up waiting when no referral was delivered for this long. */
  stallMs: 30_000,
  latencySamples: 1000,
  /**
   * Drain only: how many HUB_ROLE=worker processes deliver the backlog (the in-process one plus N − 1 children
   * running bench/hub-server.js; the relay's SKIP LOCKED and BullMQ let them share the queues).
   */
  workerProcesses: Math.max(1, num("BENCH_WORKER_PROCESSES", 1)),
  /** Which of steady, drain, raw to run (quick trials compare drain against raw only); all by default. */
  modes: new Set((process.env.BENCH_MODES ?? "steady,drain,raw").split(",").map((m) => m.trim())),
  /** Where the agency simulators run: their own process (default) or this one. */
  simulators: (process.env.BENCH_SIMULATORS === "inline" ? "inline" : "process") as "inline" | "process",
};
const AGENCIES = [ORG.DISABLED_FEDERATION, ORG.VETERANS_AFFAIRS];
const TARGETS = { eventsPerSec: 2000, p99Ms: 100 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
/** Nearest-rank percentile of unsorted `xs`. */
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const dist = (xs: number[]) => `p50 ${fmt(pct(xs, 50))}  p99 ${fmt(pct(xs, 99))}  max ${fmt(pct(xs, 100))} ms`;
const isLockConflict = (e: unknown) => /ER_LOCK_DEADLOCK|ER_LOCK_WAIT_TIMEOUT/.test(String((e as { driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code));

/** Special groups per petition so that the referrals add up to `n`, split evenly between 残联 and 退役军人事务局. */
function plan(n: number): SpecialGroup[][] {
  const kinds = [[SpecialGroup.DISABLED], [SpecialGroup.VETERAN_MILITARY], [SpecialGroup.DISABLED, SpecialGroup.VETERAN_MILITARY]];
  const out: SpecialGroup[][] = [];
  for (let left = n, i = 0; left > 0; i++) {
    const groups = kinds[left === 1 ? i % 2 : i % 3];
    out.push(groups);
    left -= groups.length;
  }
  return out;
}

/** Registers one petition per entry of `groups` through submitPetition; returns each petition's commit time. */
async function createPetitions(deps: HubDeps, groups: SpecialGroup[][], referralsPerSec = 0) {
  const orgs = deps.db.getRepository(OrganizationEntity);
  const bureau = await orgs.findOneByOrFail({ code: ORG.CITY_BUREAU });
  const locality = await orgs.findOneByOrFail({ code: ORG.DONGYING_DISTRICT });
  const registrar: Principal = { subject: "bench:registrar", orgId: bureau.id, orgCode: bureau.code, orgKind: bureau.kind, orgLevel: bureau.level, orgPath: [bureau.id], roles: [Role.REGISTRAR] };
  const commits = new Map<number, number>();
  let next = 0;
  let retries = 0;
  const started = Date.now();
  const one = async (i: number) => {
    const input = {
      channel: Channel.LETTER,
      category: Category.APPEAL_REQUEST,
      localityOrgId: locality.id,
      summary: `基准测试信访件 #${i}：反映生活补助发放问题，要求核实。`,
      request: "要求依法依规处理并书面答复。",
      specialGroups: groups[i],
      petitioners: [{ name: `测试${i}`, disabled: groups[i].includes(SpecialGroup.DISABLED), veteran: groups[i].includes(SpecialGroup.VETERAN_MILITARY) }],
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const p = await submitPetition(deps, { principal: registrar, requestId: `bench:${i}` }, input);
        return void commits.set(p.id, Date.now());
      } catch (e) {
        if (attempt >= 5 || !isLockConflict(e)) throw e;
        retries++;
      }
    }
  };
  // Paced: petition i starts no earlier than the moment its first referral is due at the requested rate.
  const referralsBefore: number[] = [];
  groups.reduce((sum, g, i) => ((referralsBefore[i] = sum), sum + g.length), 0);
  await Promise.all(Array.from({ length: SETTINGS.createConcurrency }, async () => {
    while (next < groups.length) {
      const i = next++;
      if (referralsPerSec > 0) await sleep(started + (referralsBefore[i] / referralsPerSec) * 1000 - Date.now());
      await one(i);
    }
  }));
  return { commits, ms: Date.now() - started, retries };
}

/** Polls until `expected` referrals have deliveredAt, or none was delivered for SETTINGS.stallMs. */
async function waitDelivered(db: DataSource, expected: number): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const count = Number((await db.query("SELECT COUNT(*) AS n FROM referral WHERE deliveredAt IS NOT NULL"))[0].n);
    if (count >= expected) return count;
    if (count !== last) [last, since] = [count, Date.now()];
    else if (Date.now() - since > SETTINGS.stallMs) return count;
    await sleep(100);
  }
}

interface ReferralRow {
  id: number;
  petitionId: number;
  agencyCode: string;
  state: string;
  externalRef: string | null;
  deliveredAt: number | null;
  /** sentAt of its delivery-requested outbox row (set after the relay's addBulk returned). */
  relayedAt?: number;
  /** When a delivery worker took its job (BullMQ's processedOn of `ob-<outbox id>`, last attempt). */
  startedAt?: number;
  /** When the simulator recorded the case. */
  receivedAt?: number;
}

/** Every referral with its times, and the exactly-once check against the database and the simulators. */
async function collect(db: DataSource, sims: BenchSimulators, expected: number, jobs?: { redisUrl: string; prefix: string }) {
  const raw: { id: number | string; petitionId: number | string; code: string; state: string; externalRef: string | null; deliveredAt: Date | null }[] = await db.query(
    "SELECT r.id, r.petitionId, o.code, r.state, r.externalRef, r.deliveredAt FROM referral r JOIN organization o ON o.id = r.agencyOrgId",
  );
  const sent: { id: string | number; aggregateId: string; sentAt: Date | null; payload: string }[] = await db.query("SELECT id, aggregateId, sentAt, payload FROM outbox WHERE type = ?", [DELIVERY_REQUESTED]);
  const relayed = new Map(sent.map((s) => [s.aggregateId, s.sentAt?.getTime()]));
  const started = jobs ? await jobStarts(jobs.redisUrl, jobs.prefix, sent) : new Map<string, number>();
  const received = await sims.received();
  const byReferral = new Map(received.map((d) => [d.referralId, d]));
  const rows: ReferralRow[] = raw.map((r) => {
    const d = byReferral.get(String(r.id));
    return {
      id: Number(r.id), petitionId: Number(r.petitionId), agencyCode: r.code, state: r.state, externalRef: r.externalRef,
      deliveredAt: r.deliveredAt?.getTime() ?? null, relayedAt: relayed.get(String(r.id)), startedAt: started.get(String(r.id)), receivedAt: d ? Date.parse(d.receivedAt) : undefined,
    };
  });
  const [t] = await db.query("SELECT COUNT(*) AS n, COUNT(DISTINCT referralId) AS d FROM referral_transition WHERE event = 'DELIVER'");
  const requests = await sims.requests();

  const problems: string[] = [];
  if (rows.length !== expected) problems.push(`${rows.length} referrals in the database, expected ${expected}`);
  const undelivered = rows.filter((r) => r.state !== "DELIVERED" || r.deliveredAt === null).length;
  if (undelivered) problems.push(`${undelivered} referrals not DELIVERED`);
  if (Number(t.n) !== rows.length || Number(t.d) !== rows.length) problems.push(`${t.n} DELIVER transitions for ${t.d} referrals, expected exactly one for each of ${rows.length}`);
  if (received.length !== rows.length) problems.push(`simulators recorded ${received.length} deliveries (one per idempotency key) for ${rows.length} referrals`);
  if (byReferral.size !== received.length) problems.push(`${received.length - byReferral.size} referrals recorded twice under different idempotency keys`);
  const mismatched = rows.filter((r) => { const d = byReferral.get(String(r.id)); return !d || d.agencyCode !== r.agencyCode || d.ref !== r.externalRef; }).length;
  if (mismatched) problems.push(`${mismatched} referrals whose simulator case (agency, ref) does not match referral.externalRef`);
  const summary = `${rows.length} referrals, ${rows.length - undelivered} DELIVERED, ${t.n} DELIVER transitions; simulators: ${received.length} cases (one per idempotency key), ${requests} API requests (${requests - received.length} repeats absorbed by the idempotency key)`;
  return { rows, problems, summary };
}

/** Referral id → when its delivery job was last taken by a worker (processedOn), read from the kept job hashes. */
async function jobStarts(redisUrl: string, prefix: string, rows: { id: string | number; aggregateId: string; payload: string }[]): Promise<Map<string, number>> {
  const redis = new Redis(redisUrl);
  try {
    const pipe = redis.pipeline();
    for (const r of rows) pipe.hget(`${prefix}:${agencyQueue(String((JSON.parse(r.payload) as { agencyCode: string }).agencyCode))}:${eventJobId(String(r.id))}`, "processedOn");
    const res = (await pipe.exec()) ?? [];
    return new Map(rows.flatMap((r, k) => (res[k]?.[1] ? [[r.aggregateId, Number(res[k][1])] as [string, number]] : [])));
  } finally {
    redis.disconnect();
  }
}

/** A warn-level hub logger that counts lines by level, message and error code instead of printing them. */
function tallyingLogger() {
  const counts = new Map<string, number>();
  const log = pino({ level: "warn" }, {
    write: (line: string) => {
      const l = JSON.parse(line) as { level: number; msg: string; err?: { code?: string; message?: string } };
      const key = `${pino.levels.labels[l.level]} "${l.msg}"${l.err ? ` (${l.err.code ?? l.err.message?.slice(0, 80)})` : ""}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
  });
  /** The counts so far as report lines; clears them. */
  const drain = () => {
    const lines = [...counts].map(([k, n]) => `${fmt(n)} × ${k}`);
    counts.clear();
    return lines;
  };
  return { log, drain };
}

/**
 * CPU used since the call by this process (bench + hub, + simulators when inline), the simulator process, any
 * `extra` processes (more workers), mariadbd and redis-server: as a share of one core, and per `unit` of work.
 */
function cpuMeter(services: BenchServices, sims: BenchSimulators) {
  const t0 = Date.now();
  const self0 = process.cpuUsage();
  const named = ([["simulators", sims.pid], ["mariadbd", services.dbPid], ["redis", services.redisPid]] as const).map(([name, pid]) => ({ name, pid, before: pid ? cpuSeconds(pid) : null }));
  /** `extra`: CPU seconds of other processes over the same window (worker children). */
  return (units?: number, unit = "delivery", extra?: { name: string; seconds: number }) => {
    const s = (Date.now() - t0) / 1000;
    const self = process.cpuUsage(self0);
    const parts: [string, number][] = [[sims.where === "inline" ? "node (bench+hub+simulators)" : "node (bench+hub)", (self.user + self.system) / 1e6]];
    if (extra) parts.push([extra.name, extra.seconds]);
    for (const o of named) if (o.before !== null) parts.push([o.name, (cpuSeconds(o.pid ?? undefined) ?? NaN) - o.before]);
    const share = `cpu ${parts.map(([n, v]) => `${n} ${fmt((v / s) * 100)}%`).join(" / ")} (this process: ${fmt((self.system / (self.user + self.system)) * 100)}% of it in the kernel)`;
    if (!units) return share;
    const total = parts.reduce((a, [, v]) => a + v, 0);
    return `${share}\n  cpu/${unit}  ${parts.map(([n, v]) => `${n} ${fmt((v / units) * 1e6)} µs`).join(", ")}; total ${fmt((total / units) * 1e6)} µs`;
  };
}

/**
 * Server-wide counters: MariaDB statements by kind, Redis commands by name and Redis used_memory. Global, so on a shared
 * BENCH_DATABASE_URL / BENCH_REDIS_URL other clients count too (and the bench's own polling always does).
 */
async function serverCounters(services: BenchServices): Promise<Map<string, number>> {
  const conn = await createConnection({ uri: services.databaseUrl });
  const [rows] = await conn.query("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select', 'Com_insert', 'Com_update', 'Com_delete', 'Com_begin', 'Com_commit')").finally(() => conn.end());
  const counts = new Map((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name.replace(/^Com_/, "").toLowerCase(), Number(r.Value)]));
  const redis = new Redis(services.redisUrl);
  const info = await redis.info("all").finally(() => redis.disconnect());
  counts.set("used_memory", Number(/used_memory:(\d+)/.exec(info)?.[1]));
  for (const [, cmd, calls] of info.matchAll(/cmdstat_([\w|]+):calls=(\d+)/g)) counts.set(`redis ${cmd}`, Number(calls));
  counts.set("redis", [...counts].filter(([k]) => k.startsWith("redis ")).reduce((a, [, v]) => a + v, 0));
  return counts;
}

/** What happened on the servers between two {@link serverCounters} snapshots, per `unit`. */
function perUnit(before: Map<string, number>, after: Map<string, number>, units: number, unit: string): string {
  const d = (k: string) => ((after.get(k) ?? 0) - (before.get(k) ?? 0)) / units;
  const top = (keys: string[], strip = 0) => keys.filter((k) => d(k) >= 0.05).sort((a, b) => d(b) - d(a)).slice(0, 5).map((k) => `${k.slice(strip)} ${fmt(d(k), 1)}`).join(", ");
  const sql = d("questions") >= 0.05 ? `${fmt(d("questions"), 1)} SQL statements (${top(["select", "insert", "update", "delete", "begin", "commit"])})` : "no SQL";
  const redis = d("redis") >= 0.05 ? `${fmt(d("redis"), 1)} Redis commands, in scripts included (${top([...after.keys()].filter((k) => k.startsWith("redis ")), 6)}, …)` : "no Redis";
  return `per ${unit}: ${sql}; ${redis}; Redis memory ${d("used_memory") >= 0 ? "+" : ""}${fmt(d("used_memory"))} B`;
}

/** Runs `fn`, writing a V8 CPU profile of this process to BENCH_CPU_PROF/referrals-<name>.cpuprofile when that is set. */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `referrals-${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/**
 * The steady run window by window (by commit time): referrals committed, their commit → relayed and → delivered
 * p50/p99, and what the probes saw in the hub's process in that window (event-loop delay, pool waits, relay batches).
 */
function printWindows(probes: SteadyProbes, epoch: number, refs: { commit: number; relayed: number; delivered: number }[]) {
  console.log(`  per ${fmt(SETTINGS.windowMs)} ms window (t = since the probes started; referrals by commit time):`);
  console.log("      t s   refs  relayed p50/p99   delivered p50/p99  | loop p99/max ms | pool waits n, p99/max ms, queued | relay batches n, rows p50/max, claim/enqueue/append/mark p99 ms, gap max ms");
  let lastEnd = NaN;
  for (const w of probes.windows) {
    const from = epoch + w.at;
    const inW = refs.filter((r) => r.commit >= from && r.commit < from + SETTINGS.windowMs);
    const rel = inW.map((r) => r.relayed);
    const del = inW.map((r) => r.delivered);
    const b = w.relay;
    const p99 = (f: (x: (typeof b)[number]) => number) => fmt(percentile(b.map(f), 99));
    // Longest time between the end of one batch and the start of the next: how long committed rows could wait unseen.
    let gap = 0;
    for (const x of b) {
      if (!Number.isNaN(lastEnd)) gap = Math.max(gap, x.startedAt - lastEnd);
      lastEnd = x.startedAt + x.totalMs;
    }
    console.log(
      `  ${fmt(w.at / 1000, 1).padStart(7)} ${fmt(inW.length).padStart(6)}  ${`${fmt(percentile(rel, 50))}/${fmt(percentile(rel, 99))}`.padStart(15)}  ${`${fmt(percentile(del, 50))}/${fmt(percentile(del, 99))}`.padStart(17)}  | ` +
        `${`${fmt(w.loopP99Ms)}/${fmt(w.loopMaxMs)}`.padStart(15)} | ${`${fmt(w.poolWaits.length)}, ${fmt(percentile(w.poolWaits, 99), 1)}/${fmt(percentile(w.poolWaits, 100), 1)}, ${w.poolQueued}`.padStart(32)} | ` +
        `${fmt(b.length)}, ${fmt(percentile(b.map((x) => x.rows), 50))}/${fmt(percentile(b.map((x) => x.rows), 100))}, ${p99((x) => x.claimMs)}/${p99((x) => x.enqueueMs)}/${p99((x) => x.appendMs)}/${p99((x) => x.markMs)}, ${fmt(gap)}`,
    );
  }
}

/** Raw BullMQ on the same Redis (see the module comment). */
async function rawBullmq(redisUrl: string, n: number) {
  const connection = redisOptions(redisUrl);
  const prefix = `rawbench${randomBytes(3).toString("hex")}`;
  const queues = AGENCIES.map((code) => new Queue(agencyQueue(code), { connection, prefix }));
  const requestedAt = new Date().toISOString();
  const t0 = performance.now();
  await Promise.all(queues.map((q, k) => q.addBulk(Array.from({ length: Math.ceil((n - k) / queues.length) }, (_, j) => {
    const id = String(j * queues.length + k + 1);
    return { name: DELIVERY_REQUESTED, data: { outboxId: id, referralId: Number(id), agencyCode: AGENCIES[k], requestedAt }, opts: { ...DELIVERY_JOB_OPTIONS, jobId: eventJobId(id) } };
  }))));
  const addMs = performance.now() - t0;
  let done = 0;
  const waiting = new Map<string, () => void>();
  let allDone!: () => void;
  const all = new Promise<void>((resolve) => (allDone = resolve));
  const t1 = performance.now();
  const workers = queues.map((q) => new Worker(q.name, async () => 1, { connection, prefix, concurrency: 10 }).on("completed", (job) => {
    if (++done === n) allDone();
    waiting.get(job.id!)?.();
  }));
  await all;
  const processMs = performance.now() - t1;
  const latencies: number[] = [];
  for (let i = 0; i < SETTINGS.latencySamples + 50; i++) {
    const id = `latency-${i}`;
    const completed = new Promise<void>((resolve) => waiting.set(id, resolve));
    const t = performance.now();
    await queues[i % queues.length].add("latency", {}, { jobId: id, removeOnComplete: true });
    await completed;
    if (i >= 50) latencies.push(performance.now() - t);
  }
  await Promise.all(workers.map((w) => w.close()));
  /** Removes the queues' keys and closes them. */
  const remove = async () => void (await Promise.all(queues.map(async (q) => { await q.obliterate({ force: true }); await q.close(); })));
  return { addMs, processMs, jobsPerSec: n / (processMs / 1000), latencies, remove };
}

/** Runs the referral benchmark; returns the exit code (1 when a mode did not deliver every referral exactly once). */
export async function referralsBench(): Promise<number> {
  const services = await benchServices();
  await printMachine(services);
  const n = SETTINGS.referrals;
  const groups = plan(n);
  const { log, drain: logLines } = tallyingLogger();
  const keysFile = path.join(os.tmpdir(), `bench-keys-${randomBytes(4).toString("hex")}`, "jwks.json");
  await ensureKeySetFile(keysFile);
  const piiKeysFile = path.join(os.tmpdir(), `bench-pii-${randomBytes(4).toString("hex")}`, "pii.json");
  createKeyFile(piiKeysFile);
  // Callbacks off (no hub URL) and no 签收/answer timers: only delivery is measured.
  const sims = await startBenchSimulators(AGENCIES, SETTINGS.simulators);
  const agencies = sims.agencies;
  const hubEnv = (databaseUrl: string, role: "all" | "api" | "worker", prefix: string): Record<string, string> => ({
      NODE_ENV: "production", HUB_ROLE: role, LOG_LEVEL: "warn", DEMO_DATA: "no", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl,
      QUEUE_PREFIX: prefix, JWT_KEYS_FILE: keysFile, PII_KEYS_FILE: piiKeysFile, PARTNER_KEYS_JSON: TEST_PARTNER_KEYS_JSON, RELAY_INTERVAL_MS: String(SETTINGS.relayIntervalMs), ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}), ...(process.env.DELIVERY_CONCURRENCY ? { DELIVERY_CONCURRENCY: process.env.DELIVERY_CONCURRENCY } : {}),
  });
  const hubConfig = (databaseUrl: string, role: "all" | "api" | "worker", prefix: string) => loadConfig(hubEnv(databaseUrl, role, prefix));
  const startHubFor = async (databaseUrl: string, role: "all" | "api" | "worker", prefix: string, probes?: Pick<SteadyProbes, "onRelayBatch">): Promise<Hub & { close: () => Promise<void> }> => {
    const hub = await startHub(hubConfig(databaseUrl, role, prefix), { log, agencies, onRelayBatch: probes?.onRelayBatch });
    return { ...hub, close: onCleanup(`stop ${role} hub`, hub.stop) };
  };

  const { DB_POOL_SIZE: pool, DELIVERY_CONCURRENCY: concurrency } = hubConfig(services.databaseUrl, "all", "x");
  console.log(
    `\n${fmt(n)} referrals from ${fmt(groups.length)} petitions (submitPetition, ${SETTINGS.createConcurrency} at a time; groups DISABLED → ${AGENCIES[0]} REST+HMAC, ` +
      `VETERAN_MILITARY → ${AGENCIES[1]} GraphQL, 1/3 both); simulators ${sims.where === "inline" ? "in this process" : "in their own node process"}, callbacks off; hub in-process: DB pool ${pool}, ` +
      `${concurrency} delivery jobs at once per agency, RELAY_INTERVAL_MS ${SETTINGS.relayIntervalMs}, LOG_LEVEL warn; cpu = share of one core`,
  );
  const failures: string[] = [];
  const report = (mode: string, c: Awaited<ReturnType<typeof collect>>) => {
    console.log(`  hub log    ${logLines().join("; ") || "no warnings or errors"}`);
    console.log(`  check      ${c.summary}: ${c.problems.length ? "FAIL" : "OK"}`);
    for (const p of c.problems) console.log(`    ${p}`);
    failures.push(...c.problems.map((p) => `${mode}: ${p}`));
  };

  let steadyRate = NaN;
  let latency: number[] = [];
  if (SETTINGS.modes.has("steady")) {
    // (a) steady: create and deliver at once.
    const steadyDb = await freshDatabase(services.databaseUrl);
    const steadyPrefix = `benchs${randomBytes(3).toString("hex")}`;
    const probes = new SteadyProbes(SETTINGS.windowMs);
    const steady = await startHubFor(steadyDb, "all", steadyPrefix, probes);
    const steadyCpu = cpuMeter(services, sims);
    const probesEpoch = Date.now() - probes.since(performance.now());
    probes.start(steady.deps.db);
    const created = await profiled("steady", async () => {
      const c = await createPetitions(steady.deps, groups, SETTINGS.createRate);
      console.log(`\n(a) steady: one HUB_ROLE=all hub creates and delivers concurrently${SETTINGS.createRate > 0 ? `, creation held at ${fmt(SETTINGS.createRate)} referrals/s` : ""}`);
      console.log(`  creation   ${fmt(groups.length)} petitions in ${fmt(c.ms / 1000, 1)} s = ${fmt(groups.length / (c.ms / 1000))} petitions/s, ${fmt(n / (c.ms / 1000))} referrals/s; ${c.retries} lock retries`);
      await waitDelivered(steady.deps.db, n);
      return c;
    });
    probes.stop();
    const cpuSteady = steadyCpu(n, "referral (creation included)");
    const a = await collect(steady.deps.db, sims, n, { redisUrl: services.redisUrl, prefix: steadyPrefix });
    await steady.close();
    const delivered = a.rows.filter((r) => r.deliveredAt !== null && created.commits.has(r.petitionId));
    const since = (r: ReferralRow, t: number | undefined) => (t ?? NaN) - created.commits.get(r.petitionId)!;
    const firstCommit = Math.min(...created.commits.values());
    const warm = (r: ReferralRow) => created.commits.get(r.petitionId)! - firstCommit < SETTINGS.warmupMs;
    const measured = delivered.filter((r) => !warm(r));
    const warmup = delivered.filter(warm);
    latency = measured.map((r) => since(r, r.deliveredAt!));
    const steadyWindow = Math.max(...delivered.map((r) => r.deliveredAt!)) - Math.min(...created.commits.values());
    steadyRate = delivered.length / (steadyWindow / 1000);
    const lag = Math.max(...delivered.map((r) => r.deliveredAt!)) - Math.max(...created.commits.values());
    console.log(`  delivery   ${fmt(delivered.length)} delivered in ${fmt(steadyWindow / 1000, 1)} s from the first commit = ${fmt(steadyRate)} events/s; last delivered ${fmt(lag)} ms after the last commit; ${cpuSteady}`);
    console.log(`  latency of the ${fmt(measured.length)} referrals committed after the first ${fmt(SETTINGS.warmupMs)} ms (warm-up excluded; BENCH_WARMUP_MS):`);
    console.log(`  commit → relayed (outbox.sentAt)      ${dist(measured.map((r) => since(r, r.relayedAt)))}`);
    console.log(`  commit → job started (processedOn)    ${dist(measured.map((r) => since(r, r.startedAt)))}`);
    console.log(`  commit → received by the simulator    ${dist(measured.map((r) => since(r, r.receivedAt)))}`);
    console.log(`  commit → delivered (deliveredAt)      ${dist(latency)}`);
    console.log(`  warm-up (${fmt(warmup.length)} referrals): commit → relayed ${dist(warmup.map((r) => since(r, r.relayedAt)))}; → delivered ${dist(warmup.map((r) => since(r, r.deliveredAt!)))}`);
    printWindows(probes, probesEpoch, delivered.map((r) => ({ commit: created.commits.get(r.petitionId)!, relayed: since(r, r.relayedAt), delivered: since(r, r.deliveredAt!) })));
    report("steady", a);
    await sims.reset();
  }

  let drainRate = NaN;
  if (SETTINGS.modes.has("drain")) {
    // (b) drain: backlog created without a relay, then a worker hub drains it.
    const drainDb = await freshDatabase(services.databaseUrl);
    const prefix = `benchd${randomBytes(3).toString("hex")}`;
    const api = await startHubFor(drainDb, "api", prefix);
    const counters0 = await serverCounters(services);
    const backlog = await profiled("drain-create", () => createPetitions(api.deps, groups));
    const counters1 = await serverCounters(services);
    await api.close();
    console.log(`\n(b) drain: a HUB_ROLE=api hub creates the backlog (no relay), then ${SETTINGS.workerProcesses === 1 ? "a HUB_ROLE=worker hub delivers it" : `${SETTINGS.workerProcesses} HUB_ROLE=worker processes deliver it (one in-process)`}`);
    console.log(`  creation   ${fmt(groups.length)} petitions in ${fmt(backlog.ms / 1000, 1)} s = ${fmt(groups.length / (backlog.ms / 1000))} petitions/s, ${fmt(n / (backlog.ms / 1000))} referrals/s; ${backlog.retries} lock retries`);
    const counters2 = await serverCounters(services);
    const drainCpu = cpuMeter(services, sims);
    const t0 = Date.now();
    const childEnv = { ...hubEnv(drainDb, "worker", prefix), AGENCY_ENDPOINTS_JSON: JSON.stringify(agencies) };
    const relayBatches: RelayBatchStats[] = [];
    const { worker, ready, children } = await profiled("drain-deliver", async () => {
      const [w, ...c] = await Promise.all([
        startHubFor(drainDb, "worker", prefix, { onRelayBatch: (batch) => void relayBatches.push(batch) }),
        ...Array.from({ length: SETTINGS.workerProcesses - 1 }, (_, k) => startTarget(`worker ${k + 2}`, path.join(__dirname, "hub-server.js"), childEnv)),
      ]);
      const r = Date.now();
      await waitDelivered((w as Awaited<ReturnType<typeof startHubFor>>).deps.db, n);
      return { worker: w as Awaited<ReturnType<typeof startHubFor>>, ready: r, children: c as Target[] };
    });
    const childCpu = children.map((c) => cpuSeconds(c.child.pid) ?? NaN).reduce((a, b) => a + b, 0);
    const cpuDrain = drainCpu(n, "delivery", children.length ? { name: `${children.length} more worker processes`, seconds: childCpu } : undefined);
    await Promise.all(children.map((c) => c.stop()));
    const counters3 = await serverCounters(services);
    const outbox: { type: string; n: string }[] = await worker.deps.db.query("SELECT type, COUNT(*) AS n FROM outbox GROUP BY type ORDER BY COUNT(*) DESC, type");
    const b = await collect(worker.deps.db, sims, n, { redisUrl: services.redisUrl, prefix });
    await worker.close();
    const times = (f: (r: ReferralRow) => number | null | undefined) => b.rows.map(f).filter((t): t is number => typeof t === "number").map((t) => t - t0);
    const drainWindow = Math.max(...times((r) => r.deliveredAt));
    drainRate = times((r) => r.deliveredAt).length / (drainWindow / 1000);
    console.log(`  delivery   ${fmt(times((r) => r.deliveredAt).length)} delivered in ${fmt(drainWindow / 1000, 1)} s from startHub() = ${fmt(drainRate)} events/s (worker start-up ${fmt(ready - t0)} ms included); ${cpuDrain}`);
    console.log(`  after startHub(): all delivery rows relayed by ${fmt(Math.max(...times((r) => r.relayedAt)))} ms; first delivered at ${fmt(Math.min(...times((r) => r.deliveredAt)))} ms; ${fmt(outbox.reduce((a, o) => a + Number(o.n), 0))} outbox rows relayed in all: ${outbox.map((o) => `${o.type} ${fmt(Number(o.n))}`).join(", ")}`);
    const step = (f: (x: RelayBatchStats) => number) => `${fmt(percentile(relayBatches.map(f), 50), 1)}/${fmt(percentile(relayBatches.map(f), 99), 1)}`;
    if (relayBatches.length) console.log(`  relay      ${fmt(relayBatches.length)} batches (in-process relay), rows p50 ${fmt(percentile(relayBatches.map((x) => x.rows), 50))}; ms p50/p99: claim ${step((x) => x.claimMs)}, enqueue ${step((x) => x.enqueueMs)}, stream append ${step((x) => x.appendMs)}, mark ${step((x) => x.markMs)}, batch ${step((x) => x.totalMs)}`);
    console.log(`  servers    creation ${perUnit(counters0, counters1, groups.length, "petition")}`);
    console.log(`             delivery ${perUnit(counters2, counters3, n, "referral")}`);
    report("drain", b);
  }

  let rawJobsPerSec = NaN;
  if (SETTINGS.modes.has("raw")) {
    // (c) raw BullMQ baseline on the same Redis.
    const rawCpu = cpuMeter(services, sims);
    const counters4 = await serverCounters(services);
    const raw = await profiled("raw", () => rawBullmq(services.redisUrl, n));
    const counters5 = await serverCounters(services);
    await raw.remove();
    console.log(`\n(c) raw BullMQ baseline: ${AGENCIES.length} queues, delivery job options, no-op Worker × concurrency 10 each`);
    console.log(`  addBulk ${fmt(n)} in ${fmt(raw.addMs)} ms; processed in ${fmt(raw.processMs)} ms = ${fmt(raw.jobsPerSec)} jobs/s; add → completed ${dist(raw.latencies)} (${raw.latencies.length} single adds)`);
    console.log(`  ${rawCpu(n + raw.latencies.length + 50, "job")}`);
    console.log(`  servers    ${perUnit(counters4, counters5, n + raw.latencies.length + 50, "job")}`);
    rawJobsPerSec = raw.jobsPerSec;
  }

  console.log("\ntargets");
  console.log(`  events/s, drain    ${fmt(drainRate)}   target ≥ ${fmt(TARGETS.eventsPerSec)}   ${verdict(drainRate >= TARGETS.eventsPerSec)}   (hub ÷ raw BullMQ ${fmt(drainRate / rawJobsPerSec, 2)})`);
  console.log(`  events/s, steady   ${fmt(steadyRate)}   target ≥ ${fmt(TARGETS.eventsPerSec)}   ${verdict(steadyRate >= TARGETS.eventsPerSec)}   (hub ÷ raw BullMQ ${fmt(steadyRate / rawJobsPerSec, 2)}; shares the process with creation)`);
  console.log(`  p99 commit → delivered, steady   ${fmt(pct(latency, 99))} ms   target ≤ ${TARGETS.p99Ms} ms   ${verdict(pct(latency, 99) <= TARGETS.p99Ms)}`);
  if (failures.length) {
    console.log(`FAIL: not every referral was delivered exactly once:\n  ${failures.join("\n  ")}`);
    return 1;
  }
  return 0;
}
