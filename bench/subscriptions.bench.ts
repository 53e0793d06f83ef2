/**
 * `npm run bench -- subscriptions`: BENCH_SUBSCRIBERS (5,000) graphql-ws subscribers of `changes`, split evenly over
 * two HUB_ROLE=api hub processes on one Redis, while an in-process HUB_ROLE=worker hub commits events through the
 * outbox (one transaction per event) and relays them to the stream: 10 events/s, then 100 events/s
 * (BENCH_PHASES, "rate:seconds,…").
 *
 * - latency = client receipt (this process's clock) − the event's `at` (the outbox row's time, this process's clock
 *   just before COMMIT): commit → relay → XADD → each hub's XREAD loop → per-subscriber filter → socket → client.
 *   Sampled on 100 subscribers per phase (all of them are counted for losses).
 * - memory per idle subscription = (VmRSS of both hubs with every subscriber connected and idle − before) / subscribers.
 * - lost / duplicated: every subscriber must receive every event exactly once, in stream order: each cursor after the
 *   one before (else duplicated), as many as committed (else lost), and the sequence equal to the stream's own ids (a
 *   digest of them, compared per subscriber); exit 1 otherwise. Every message of every subscriber is read.
 * The events are bureau-only (`aggregateType` bench), every subscriber a city-bureau token: the filter runs per
 * subscriber in memory (change-facts.ts reads nothing for them), as it does for petition events after one read per
 * process. The clients run in BENCH_CLIENT_PROCESSES child processes (bench/subscription-clients.ts, default 2; a list
 * such as "1,2" runs each configuration in turn on the same hubs and prints ratios against the first), on the same
 * 2 cores as the hubs, MariaDB and Redis; CPU per process is printed for every phase.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChildProcess, fork } from "node:child_process";
import { appendOutbox } from "../src/commands/command-context";
import { withTransaction } from "../src/db/transaction";
import { ORG } from "../src/db/seed/organizations";
import { Role } from "../src/domain/petition-terms";
import { startHub } from "../src/hub";
import { loadConfig } from "../src/platform/config";
import { openHubKeys } from "../src/platform/identity";
import { ensureKeySetFile } from "../src/platform/keys/key-set";
import { createLogger } from "../src/platform/logger";
import { createKeyFile } from "../src/platform/pii-keys";
import { TokenIssuer } from "../src/platform/tokens";
import { onCleanup } from "./lib/cleanup";
import { cpuSeconds, HUB_NODE_OPTIONS, startTarget } from "./lib/load";
import { fmt } from "./lib/machine";
import { benchServices, freshDatabase, serverVersion } from "./lib/services";
import { cursorDigest } from "./lib/cursor-digest";
import type { ClientCommand, ClientReply } from "./subscription-clients";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
const PHASES = (process.env.BENCH_PHASES ?? "10:10,100:10").split(",").map((p) => p.split(":").map(Number) as [number, number]);
const SAMPLED = 100;
/** BENCH_CLIENT_PROCESSES: client child processes, or a list ("1,2") run one after another on the same hubs. */
const CLIENT_PROCESSES = (process.env.BENCH_CLIENT_PROCESSES ?? "2").split(",").map(Number);
const TARGETS = { p99Ms: 1_000, kbPerIdle: 50 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
/** utime and stime of a process, in seconds. */
const userSys = (pid: number | undefined): [number, number] => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return [Number(f[11]) / 100, Number(f[12]) / 100];
};
const rssKb = (pid: number | undefined) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

/** Runs the subscriptions benchmark; non-zero when an event was lost or sent twice. */
export async function subscriptionsBench(): Promise<number> {
  const services = await benchServices();
  const databaseUrl = await freshDatabase(services.databaseUrl);
  console.log(`machine: ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}; mariadb ${await serverVersion(services.databaseUrl)} (${services.origin})`);
  const env: Record<string, string> = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DEMO_DATA: "no",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: `bench${randomBytes(3).toString("hex")}`,
    RELAY_INTERVAL_MS: "20",
    SUBSCRIPTION_BUFFER: "1000",
    JWT_KEYS_FILE: path.join(os.tmpdir(), `bench-keys-${randomBytes(4).toString("hex")}`, "jwks.json"),
    PII_KEYS_FILE: path.join(os.tmpdir(), `bench-pii-${randomBytes(4).toString("hex")}`, "pii.json"),
  };
  await ensureKeySetFile(env.JWT_KEYS_FILE);
  createKeyFile(env.PII_KEYS_FILE);
  const config = loadConfig({ ...env, HUB_ROLE: "worker" });
  const producer = await startHub(config, { log: createLogger("warn") });
  const stopProducer = onCleanup("stop producer hub", producer.stop);
  const issuer = new TokenIssuer(await openHubKeys(config), { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  const token = (await issuer.sign({ sub: "bench:dashboard", org: ORG.CITY_BUREAU, roles: [Role.CASE_OFFICER] }, { ttlSeconds: 8 * 3600 })).token;

  const dist = path.resolve(__dirname);
  // The hubs run with the production V8 flags (BENCH_NODE_OPTIONS overrides; "" for Node's defaults), as the API bench.
  const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? HUB_NODE_OPTIONS;
  console.log(`hub processes run with NODE_OPTIONS="${nodeOptions}"`);
  const hubs = await Promise.all([1, 2].map((i) => startTarget(`hub-${i}`, path.join(dist, "hub-server.js"), { ...env, HUB_ROLE: "api", NODE_OPTIONS: nodeOptions })));
  await sleep(1_000);
  console.log(`load average ${os.loadavg().map((l) => fmt(l, 2)).join(" ")} at start; client processes per configuration: ${CLIENT_PROCESSES.join(", ")} (ratios against the first)`);

  let seq = 0;
  const commit = () => {
    const n = ++seq;
    return withTransaction(producer.deps.db, (em) => appendOutbox(em, "bench", n, [{ type: "bench.tick", data: { seq: n } }], { actor: "bench", at: new Date() })).then(() => producer.relay?.nudge());
  };
  const others = [["mariadbd", services.dbPid], ["redis", services.redisPid]] as const;
  const results: ConfigResult[] = [];
  let failed = false;
  for (const processes of CLIENT_PROCESSES) {
    const before = hubs.map((h) => rssKb(h.child.pid));
    const pool = await clientPool(path.join(dist, "subscription-clients.js"), processes);
    const per = Math.ceil(SUBSCRIBERS / processes);
    await pool.all((i) => ({ type: "connect", urls: hubs.map((h) => h.url), token, from: i * per, count: Math.max(0, Math.min(per, SUBSCRIBERS - i * per)), sampled: SAMPLED }));
    await sleep(3_000); // idle: subscriptions registered, nothing flowing
    const after = hubs.map((h) => rssKb(h.child.pid));
    const kbPerIdle = (after[0] + after[1] - before[0] - before[1]) / SUBSCRIBERS;
    console.log(`\n${fmt(SUBSCRIBERS)} subscribers over 2 hub processes, clients in ${processes} child process(es); VmRSS ${before.map((k) => fmt(k / 1024)).join(" + ")} MiB → ${after.map((k) => fmt(k / 1024)).join(" + ")} MiB idle`);
    console.log(`  memory per idle subscription  ${fmt(kbPerIdle, 1)} KB   target ≤ ${TARGETS.kbPerIdle} KB  ${verdict(kbPerIdle <= TARGETS.kbPerIdle)}`);
    const r: ConfigResult = { processes, kbPerIdle, phases: [], lost: 0, dup: 0, wrong: 0, unexpected: 0, resync: 0 };
    let expected = 0;
    let last: Collected[] = [];
    let missingBefore = 0;
    for (const [rate, seconds] of PHASES) {
      await pool.all(() => ({ type: "reset" }));
      const cpu0 = { hubSys: hubs.map((h) => userSys(h.child.pid)), hubs: hubs.map((h) => cpuSeconds(h.child.pid) ?? NaN), clients: pool.pids.map((p) => cpuSeconds(p) ?? NaN), self: process.cpuUsage(), others: others.map(([, pid]) => cpuSeconds(pid)) };
      const total = rate * seconds;
      const started = Date.now();
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / rate;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
        pending.push(commit());
      }
      await Promise.all(pending);
      expected += total;
      const window = (Date.now() - started) / 1000; // CPU is measured over the commit window (the load), not the wait after it
      const share = (a: number | null, b: number | null) => (a === null || b === null ? "?" : `${fmt(((a - b) / window) * 100)}%`);
      const self = process.cpuUsage(cpu0.self);
      const cpu =
        `cpu (share of one core over the ${fmt(window, 1)} s of commits): hubs ${hubs.map((h, i) => share(cpuSeconds(h.child.pid), cpu0.hubs[i])).join(" / ")}; ` +
        `clients ${pool.pids.map((p, i) => share(cpuSeconds(p), cpu0.clients[i])).join(" / ")}; bench+producer hub ${fmt(((self.user + self.system) / 1e6 / window) * 100)}%; ` +
        others.map(([name, pid], i) => `${name} ${share(cpuSeconds(pid), cpu0.others[i])}`).join(", ");
      // Every complete subscriber's sequence of cursors must be the stream's own, in order (digest of its ids).
      // The last commits may still be on their way to the stream (the relay appends after commit): wait for them.
      const readStream = async () => (await producer.changes.stream.after(null, expected + 1_000)).map((e) => e.id);
      let ids = await readStream();
      for (const until = Date.now() + 30_000; ids.length < expected && Date.now() < until; ids = await readStream()) await sleep(50);
      if (ids.length !== expected) console.log(`  the stream holds ${fmt(ids.length)} entries, ${fmt(expected)} committed: the sequence check will fail`);
      last = await pool.all(() => ({ type: "collect", expected, digest: cursorDigest(ids), deadline: Date.now() + 30_000 }));
      // CPU per message over the whole phase (commits and the drain after them): robust to other load on the machine.
      // Messages delivered in this phase: every live subscriber's share, less what is still missing (counted cumulatively).
      const missingNow = last.reduce((n, c) => n + c.missing, 0);
      const liveSubs = SUBSCRIBERS - last.reduce((n, c) => n + c.resync, 0);
      const delivered = Math.max(1, total * liveSubs - (missingNow - missingBefore));
      missingBefore = missingNow;
      const perHub = delivered / hubs.length;
      const perClient = delivered / pool.pids.length;
      const us = (now: number | null, before: number, n: number) => (now === null ? "?" : fmt(((now - before) * 1e6) / n, 1));
      const sysShare = (pid: number | undefined, i: number) => {
        const [u, k] = userSys(pid);
        return `${fmt(((k - cpu0.hubSys[i][1]) / Math.max(1e-9, u - cpu0.hubSys[i][0] + k - cpu0.hubSys[i][1])) * 100)}% in the kernel`;
      };
      const perMessage =
        `cpu µs per message (whole phase, commits + drain; ${fmt(delivered)} delivered): hubs ${hubs.map((h, i) => `${us(cpuSeconds(h.child.pid), cpu0.hubs[i], perHub)} (${sysShare(h.child.pid, i)})`).join(" / ")} per delivered message; ` +
        `clients ${pool.pids.map((p, i) => us(cpuSeconds(p), cpu0.clients[i], perClient)).join(" / ")} per received message; load average ${os.loadavg().map((l) => fmt(l, 2)).join(" ")}`;
      const lat = last.flatMap((c) => c.latencies);
      const p50 = pct(lat, 50);
      const p99 = pct(lat, 99);
      r.phases.push({ rate, p50, p99 });
      console.log(`  ${fmt(rate)} events/s × ${seconds} s: event → client p50 ${fmt(p50)} ms  p99 ${fmt(p99)} ms  max ${fmt(pct(lat, 100))} ms (${fmt(lat.length)} of ${fmt(total * Math.min(SAMPLED, SUBSCRIBERS))} samples${lat.length < total * Math.min(SAMPLED, SUBSCRIBERS) ? ": the rest not received in 30 s, so these are lower bounds" : ""})   target p99 ≤ ${fmt(TARGETS.p99Ms)} ms  ${verdict(p99 <= TARGETS.p99Ms)}`);
      // Where the time goes (same samples): commit → stream append (relay) and append → client (hub fan-out + client).
      const toStream = last.flatMap((c) => c.toStream);
      console.log(`    of which commit → stream append p50 ${fmt(pct(toStream, 50))} ms p99 ${fmt(pct(toStream, 99))} ms (cursor time − at; the rest is append → hub → client)`);
      console.log(`    ${cpu}`);
      console.log(`    ${perMessage}`);
    }
    r.lost = last.reduce((n, c) => n + c.missing, 0);
    r.dup = last.reduce((n, c) => n + c.duplicates, 0);
    r.resync = last.reduce((n, c) => n + c.resync, 0);
    r.wrong = last.reduce((n, c) => n + c.wrongSequence, 0);
    r.unexpected = last.reduce((n, c) => n + c.unexpected, 0);
    const ok = r.lost === 0 && r.dup === 0 && r.wrong === 0;
    console.log(
      `  events ${fmt(expected)} × ${fmt(SUBSCRIBERS)} subscribers: ${fmt(r.resync)} ended with RESYNC_REQUIRED (buffer full); ` +
        `of the others, events not received 30 s after the last commit ${fmt(r.lost)}; duplicated ${fmt(r.dup)}; ` +
        `sequences not the stream's ${fmt(r.wrong)}; unexpected messages ${fmt(r.unexpected)} (${fmt(last.reduce((n, c) => n + c.parsed, 0))} messages parsed in full)   ${ok ? "OK" : "FAIL"}`,
    );
    if (!ok) failed = true;
    results.push(r);
    await pool.close();
    await sleep(2_000); // let the hubs drop the closed subscriptions before the next configuration's baseline
  }
  if (results.length > 1) {
    const base = results[0];
    const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 2)}×` : "—");
    console.log(`\nagainst ${base.processes} client process(es) (same run, same hubs):`);
    for (const r of results.slice(1)) {
      const phases = r.phases.map((p, i) => `${fmt(p.rate)}/s p50 ${ratio(p.p50, base.phases[i].p50)} p99 ${ratio(p.p99, base.phases[i].p99)}`).join("; ");
      console.log(`  ${r.processes} client processes: ${phases}; memory per idle subscription ${ratio(r.kbPerIdle, base.kbPerIdle)}`);
    }
  }
  await stopProducer();
  return failed ? 1 : 0;
}

type Collected = Extract<ClientReply, { type: "collected" }>;

interface ConfigResult {
  processes: number;
  kbPerIdle: number;
  phases: { rate: number; p50: number; p99: number }[];
  lost: number;
  dup: number;
  /** Live subscribers whose complete sequence of cursors is not the stream's. */
  wrong: number;
  unexpected: number;
  resync: number;
}

/** Forks `n` client processes (bench/subscription-clients.ts); `all` sends each its command and awaits every reply. */
async function clientPool(script: string, n: number) {
  const children = Array.from({ length: n }, () => fork(script, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const stop = onCleanup("stop subscription clients", async () => void children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));
  const ask = <R extends ClientReply>(c: ChildProcess, m: ClientCommand) =>
    new Promise<R>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`subscription client exited (${code}) during ${m.type}`));
      c.once("exit", onExit);
      c.once("message", (r: R) => {
        c.off("exit", onExit);
        resolve(r);
      });
      c.send(m);
    });
  return {
    pids: children.map((c) => c.pid),
    all: <R extends ClientReply = Collected>(m: (i: number) => ClientCommand) => Promise.all(children.map((c, i) => ask<R>(c, m(i)))),
    close: async () => {
      await Promise.all(children.map((c) => ask(c, { type: "close" })));
      await stop();
    },
  };
}
