/**
 * `npm run bench -- api`: the hub's petition list as a 残联 handler sees it, against a raw mysql2 + node:http
 * baseline that returns the same JSON. Method as in /work/shared/stack-notes.md §6: each target in its own node
 * process (NODE_ENV=production), autocannon CLI in a third process, 50 connections, 3 s warm-up, 2 × 10 s.
 * Seeding and SQL counting use a separate in-process hub, stopped before the load runs.
 *
 * Env: BENCH_DATABASE_URL + BENCH_REDIS_URL (else a throwaway MariaDB + Redis), DB_POOL_SIZE (both targets),
 * BENCH_PETITIONS / BENCH_WARMUP_SECONDS / BENCH_RUN_SECONDS (quick trials), BENCH_CPU_PROF=<dir> (V8 profiles of the targets),
 * BENCH_NODE_OPTIONS (V8 flags of both targets; default the hub's production flags, HUB_NODE_OPTIONS; "" for Node's defaults).
 */
import { randomBytes } from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import { startHub } from "../src/hub";
import { ORG } from "../src/db/seed/organizations";
import { Role } from "../src/domain/petition-terms";
import { loadConfig } from "../src/platform/config";
import { createLogger } from "../src/platform/logger";
import { ensureKeySetFile } from "../src/platform/keys/key-set";
import { openHubKeys } from "../src/platform/identity";
import { TokenIssuer } from "../src/platform/tokens";
import { seedPetitions } from "./api-seed";
import { onCleanup } from "./lib/cleanup";
import { autocannon, cpuSeconds, HUB_NODE_OPTIONS, LoadResult, startTarget, Target } from "./lib/load";
import { benchServices, freshDatabase, serverVersion } from "./lib/services";
import { createKeyFile } from "../src/platform/pii-keys";

/** The query under test. */
export const API_QUERY =
  "{ petitions(first: 20) { nodes { id number state category summary receivedAt petitioners { name idNumber phone } currentHandler { id name } deadlines(openOnly: true) { kind dueAt state } } } }";

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
/** Knobs (env, for quick trial runs); the defaults are the benchmark. */
const SETTINGS = {
  petitions: num("BENCH_PETITIONS", 2000),
  agencyEvery: 8, // → 250 of 2,000 forwarded to 残联
  seedConcurrency: 16,
  connections: 50,
  warmupSeconds: num("BENCH_WARMUP_SECONDS", 3),
  runSeconds: num("BENCH_RUN_SECONDS", 10),
  runs: 2,
};
const TARGETS = { throughputRatio: 0.5, p99Ms: 50, statementsPerTable: 1 };

interface GqlBody {
  data?: { petitions?: { nodes: { id: string }[] } } | null;
  errors?: { message: string }[];
}

async function post(url: string, body: string, token?: string): Promise<{ status: number; text: string; json: GqlBody }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as GqlBody };
}

/** Main table of a statement: the first FROM / INTO / UPDATE target outside parentheses (not a subquery's). */
const tableOf = (sql: string) => {
  let top = sql;
  while (/\([^()]*\)/.test(top)) top = top.replace(/\([^()]*\)/g, "");
  return /\b(?:FROM|INTO|UPDATE)\s+`?(\w+)`?/i.exec(top)?.[1] ?? sql.split(/\s/)[0];
};
const countBy = (xs: string[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())];

const f = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");

function printRun(target: string, run: string, r: LoadResult, cpu: string) {
  console.log(
    `  ${target.padEnd(10)} ${run}  ${f(r.reqPerSec).padStart(6)} req/s  p50 ${f(r.p50).padStart(3)} ms  p99 ${f(r.p99).padStart(3)} ms  ` +
      `mean ${f(r.mean, 2).padStart(6)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  timeouts ${r.timeouts}  ${cpu}`,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the API benchmark; returns the process exit code (non-zero only when the sanity check fails). */
export async function apiBench(): Promise<number> {
  const services = await benchServices();
  const databaseUrl = await freshDatabase(services.databaseUrl);
  const cpus = os.cpus();
  console.log("machine");
  console.log(`  cpu      ${cpus[0]?.model ?? "?"} × ${cpus.length} cores`);
  console.log(`  memory   ${f(os.totalmem() / 2 ** 30, 1)} GiB`);
  console.log(`  node     ${process.version}; load average ${os.loadavg().map((l) => f(l, 2)).join(" ")} at start`);
  console.log(`  mariadb  ${await serverVersion(services.databaseUrl)} (${services.origin})`);

  const hubEnv: Record<string, string> = {
    NODE_ENV: "production",
    HUB_ROLE: "api",
    LOG_LEVEL: "warn",
    DEMO_DATA: "no",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: `bench${randomBytes(3).toString("hex")}`,
    JWT_KEYS_FILE: path.join(os.tmpdir(), `bench-keys-${randomBytes(4).toString("hex")}`, "jwks.json"),
    PII_KEYS_FILE: path.join(os.tmpdir(), `bench-pii-${randomBytes(4).toString("hex")}`, "pii.json"),
    ...(process.env.DB_POOL_SIZE ? { DB_POOL_SIZE: process.env.DB_POOL_SIZE } : {}),
  };
  const config = loadConfig(hubEnv);
  await ensureKeySetFile(hubEnv.JWT_KEYS_FILE);
  createKeyFile(hubEnv.PII_KEYS_FILE);
  const issuer = new TokenIssuer(await openHubKeys(config), { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  // The partner system's list query (its machine client): masked contacts, as the raw baseline returns them. A human
  // handler would read phones in clear, each read appended to the audit chain (a serialised write per request).
  const token = (await issuer.sign({ sub: "bench:DY_CL:system", org: ORG.DISABLED_FEDERATION, roles: [Role.AGENCY_SYSTEM] }, { ttlSeconds: 8 * 3600 })).token;
  const body = JSON.stringify({ query: API_QUERY });

  // 1. Seed and count SQL with an in-process hub, stopped before the load runs.
  let sink: string[] | null = null;
  const hub = await startHub(config, { log: createLogger("warn"), onQuery: (sql) => void sink?.push(sql) });
  const stopHub = onCleanup("stop in-process hub", hub.stop);
  const seed = await seedPetitions(hub.deps, { count: SETTINGS.petitions, agency: ORG.DISABLED_FEDERATION, agencyEvery: SETTINGS.agencyEvery, concurrency: SETTINGS.seedConcurrency });
  console.log(`\nseed (in-process hub, submitPetition/transitionPetition, concurrency ${SETTINGS.seedConcurrency})`);
  console.log(`  ${f(seed.petitions)} petitions, ${f(seed.petitioners)} petitioners, ${seed.forwardedToAgency} forwarded to 残联 (DY_CL); ${seed.retries} lock retries; ${f(seed.ms / 1000, 1)} s`);

  const counted = async () => {
    sink = [];
    const r = await post(hub.url!, body, token);
    const sql = sink;
    sink = null;
    if (r.json.errors) throw new Error(`hub query failed: ${r.text.slice(0, 300)}`);
    return sql;
  };
  const cold = await counted();
  const warm = await counted();
  await stopHub();
  const perTable = countBy(warm.map(tableOf));
  console.log(`\nSQL statements per request (hub, 残联 handler; first request ${cold.length}, incl. the token organisation lookup cached for 30 s)`);
  console.log(`  ${warm.length} statements: ${perTable.map(([t, n]) => `${t} ×${n}`).join(", ")}`);
  for (const s of warm) console.log(`    ${s.replace(/\s+/g, " ").slice(0, 160)}${s.length > 160 ? " …" : ""}`);

  // 2. Each target in its own process.
  const dist = path.resolve(__dirname);
  const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? HUB_NODE_OPTIONS;
  console.log(`\ntargets run with NODE_OPTIONS="${nodeOptions}" (both)`);
  const raw = await startTarget("raw mysql2", path.join(dist, "raw-api-server.js"), { NODE_OPTIONS: nodeOptions, NODE_ENV: "production", DATABASE_URL: databaseUrl, DB_POOL_SIZE: String(config.DB_POOL_SIZE), ORG_CODE: ORG.DISABLED_FEDERATION, PAGE_SIZE: "20" });
  const hubTarget = await startTarget("hub", path.join(dist, "hub-server.js"), { ...hubEnv, NODE_OPTIONS: nodeOptions });
  const targets: [Target, string | undefined][] = [[raw, undefined], [hubTarget, token]];

  const [rawFirst, hubFirst] = await Promise.all(targets.map(([t, tok]) => post(t.url, body, tok)));
  const ids = (r: typeof rawFirst) => r.json.data?.petitions?.nodes.map((n) => n.id) ?? [];
  const sane = rawFirst.status === 200 && hubFirst.status === 200 && !hubFirst.json.errors && ids(hubFirst).length === 20 && ids(hubFirst).join() === ids(rawFirst).join();
  const sameJson = JSON.stringify(rawFirst.json) === JSON.stringify(hubFirst.json);
  console.log(`\nsanity: raw ${rawFirst.status} ${ids(rawFirst).length} petitions, hub ${hubFirst.status} ${ids(hubFirst).length} petitions, ids ${ids(hubFirst).join() === ids(rawFirst).join() ? "identical" : "DIFFER"} (${ids(hubFirst)[0]}…${ids(hubFirst).at(-1)}); whole responses ${sameJson ? "equal as JSON" : "DIFFER as JSON"}`);
  if (!sane) {
    console.log(`  raw: ${rawFirst.text.slice(0, 300)}\n  hub: ${hubFirst.text.slice(0, 300)}`);
    console.log("FAIL: the targets do not return the same 20 petitions");
    return 1;
  }

  // 3. Load.
  console.log(
    `\nload: autocannon CLI in its own process, ${SETTINGS.connections} connections, POST application/json, keep-alive, ${SETTINGS.warmupSeconds} s warm-up discarded, ` +
      `${SETTINGS.runs} × ${SETTINGS.runSeconds} s per target, 1 s pause after each run; cpu = share of one core used by the target process${services.dbPid ? " / mariadbd" : ""} during the run`,
  );
  /** One autocannon run against `t` (closed loop, or at `rate` req/s), with the CPU the target and mariadbd spent on it. */
  const measure = async (t: Target, tok: string | undefined, seconds: number, rate?: number) => {
    const pids = [t.child.pid, services.dbPid];
    const before = pids.map(cpuSeconds);
    const started = Date.now();
    const r = await autocannon({ url: t.url, body, headers: tok ? { authorization: `Bearer ${tok}` } : {}, connections: SETTINGS.connections, seconds, rate });
    const spent = pids.map((pid, i) => (cpuSeconds(pid) ?? NaN) - (before[i] ?? NaN));
    const used = spent.map((s) => s / ((Date.now() - started) / 1000));
    await sleep(1000); // let requests abandoned at the end of the run finish before the next one
    // CPU µs per request of the target (and mariadbd): robust to other load on the machine, unlike req/s.
    const perRequest = spent.map((s) => (s * 1e6) / Math.max(1, r.total));
    return {
      r,
      perRequest: perRequest[0] ?? NaN,
      cpu: `cpu ${used.filter((u) => !Number.isNaN(u)).map((u) => `${f(u * 100)}%`).join(" / ")}, ${perRequest.filter((u) => !Number.isNaN(u)).map((u) => f(u)).join(" / ")} µs/req`,
    };
  };
  const results = new Map<Target, LoadResult[]>();
  const cpuPerRequest = new Map<Target, number[]>();
  for (const [t, tok] of targets) {
    const load = async (seconds: number) => {
      const { r, cpu, perRequest } = await measure(t, tok, seconds);
      cpuPerRequest.set(t, [...(cpuPerRequest.get(t) ?? []), perRequest]);
      return { r, cpu };
    };
    await load(SETTINGS.warmupSeconds);
    const runs: LoadResult[] = [];
    for (let i = 1; i <= SETTINGS.runs; i++) {
      const { r, cpu } = await load(SETTINGS.runSeconds);
      runs.push(r);
      printRun(t.name, `run ${i}`, r, cpu);
    }
    results.set(t, runs);
  }
  // A second reading, not the target's: latency at a fixed offered rate (half the raw baseline's closed-loop
  // throughput in this run), the same for both targets, so it is not just the queue that 50 closed-loop connections
  // build in front of whichever target is slower (Little's law: mean latency = 50 / throughput there).
  const offered = Math.max(1, Math.round(mean(results.get(raw)!.map((r) => r.reqPerSec)) / 2));
  console.log(`\nsecond reading: fixed offered rate ${f(offered)} req/s (half the raw closed-loop throughput above), ${SETTINGS.connections} connections, 1 × ${SETTINGS.runSeconds} s per target after the closed-loop runs`);
  const fixed = new Map<Target, LoadResult>();
  for (const [t, tok] of targets) {
    const { r, cpu } = await measure(t, tok, SETTINGS.runSeconds, offered);
    fixed.set(t, r);
    printRun(t.name, "fixed", r, cpu);
  }
  await Promise.all(targets.map(([t]) => t.stop()));

  // 4. Verdicts.
  const rawRuns = results.get(raw)!;
  const hubRuns = results.get(hubTarget)!;
  const ratio = mean(hubRuns.map((r) => r.reqPerSec)) / mean(rawRuns.map((r) => r.reqPerSec));
  const hubP99 = Math.max(...hubRuns.map((r) => r.p99));
  const worstTable = Math.max(...perTable.map(([, n]) => n));
  const failed = [...rawRuns, ...hubRuns].some((r) => r.non2xx || r.errors || r.timeouts);
  console.log(`\nload average ${os.loadavg().map((l) => f(l, 2)).join(" ")} at the end`);
  console.log("\ntargets");
  console.log(`  throughput hub/raw  ${f(ratio, 2)} (hub ${f(mean(hubRuns.map((r) => r.reqPerSec)))} / raw ${f(mean(rawRuns.map((r) => r.reqPerSec)))} req/s, mean of runs)   target ≥ ${TARGETS.throughputRatio}   ${verdict(ratio >= TARGETS.throughputRatio)}`);
  const cpuRaw = mean(cpuPerRequest.get(raw)!.slice(1)); // without the warm-up
  const cpuHub = mean(cpuPerRequest.get(hubTarget)!.slice(1));
  console.log(`  CPU per request     hub ${f(cpuHub)} µs / raw ${f(cpuRaw)} µs = ${f(cpuHub / cpuRaw, 2)}× (target process only, mean of runs; raw/hub ${f(cpuRaw / cpuHub, 2)})`);
  console.log(`  hub p99             ${hubP99} ms (worst run)   target ≤ ${TARGETS.p99Ms} ms   ${verdict(hubP99 <= TARGETS.p99Ms)}`);
  console.log(`  SQL per table       ≤ ${worstTable} per request (${warm.length} statements)   target ≤ ${TARGETS.statementsPerTable} per entity type per level   ${verdict(worstTable <= TARGETS.statementsPerTable)}`);
  const rawP99 = Math.max(...rawRuns.map((r) => r.p99));
  console.log(`  raw p99             ${rawP99} ms (worst run; the baseline's own closed-loop latency, for comparison)`);
  const fr = fixed.get(raw)!;
  const fh = fixed.get(hubTarget)!;
  console.log(`  at ${f(offered)} req/s offered (second reading, not the target): hub ${f(fh.reqPerSec)} req/s p50 ${fh.p50} / p99 ${fh.p99} ms; raw ${f(fr.reqPerSec)} req/s p50 ${fr.p50} / p99 ${fr.p99} ms`);
  if (failed || [fr, fh].some((r) => r.non2xx || r.errors || r.timeouts)) console.log("  note: some runs had non-2xx responses, errors or timeouts (see above)");
  return 0;
}
