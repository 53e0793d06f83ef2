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
 * - lost / duplicated: every subscriber must receive every event exactly once (by cursor); exit 1 otherwise.
 * The events are bureau-only (`aggregateType` bench), every subscriber a city-bureau token: the filter runs per
 * subscriber in memory (change-facts.ts reads nothing for them), as it does for petition events after one read per
 * process. The clients run in this process, on the same 2 cores as the hubs, MariaDB and Redis.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
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
import { startTarget } from "./lib/load";
import { fmt } from "./lib/machine";
import { benchServices, freshDatabase, serverVersion } from "./lib/services";

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 5_000);
const PHASES = (process.env.BENCH_PHASES ?? "10:10,100:10").split(",").map((p) => p.split(":").map(Number) as [number, number]);
const SAMPLED = 100;
const TARGETS = { p99Ms: 1_000, kbPerIdle: 50 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] ?? NaN;
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
const rssKb = (pid: number | undefined) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

interface Subscriber {
  client: Client;
  cursors: Set<string>;
  duplicates: number;
  latencies: number[] | null;
  /** Ended with RESYNC_REQUIRED (its buffer overflowed): what it did not get was dropped on purpose, not lost. */
  resync: boolean;
}

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
  const hubs = await Promise.all([1, 2].map((i) => startTarget(`hub-${i}`, path.join(dist, "hub-server.js"), { ...env, HUB_ROLE: "api" })));
  await sleep(1_000);
  const before = hubs.map((h) => rssKb(h.child.pid));

  // Connect in waves so the hubs' token checks do not all queue at once.
  const subs: Subscriber[] = [];
  let acked = 0;
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const hub = hubs[i % 2];
    const s: Subscriber = { client: null as unknown as Client, cursors: new Set(), duplicates: 0, latencies: i < SAMPLED ? [] : null, resync: false };
    s.client = createClient({ url: hub.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined, on: { connected: () => void acked++ } });
    s.client.subscribe<{ changes: { cursor: string; at: string } }>(
      { query: "subscription { changes { cursor at } }" },
      {
        next: (r) => {
          if (r.errors?.some((x) => (x.extensions as { code?: string } | undefined)?.code === "RESYNC_REQUIRED")) s.resync = true;
          const e = r.data?.changes;
          if (!e) return;
          if (s.cursors.has(e.cursor)) s.duplicates++;
          s.cursors.add(e.cursor);
          s.latencies?.push(Date.now() - Date.parse(e.at));
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    subs.push(s);
    if (i % 250 === 249) while (acked < i - 500) await sleep(20);
  }
  while (acked < SUBSCRIBERS) await sleep(50);
  onCleanup("close subscribers", async () => void (await Promise.all(subs.map((s) => s.client.dispose()))));
  await sleep(3_000); // idle: subscriptions registered, nothing flowing
  const after = hubs.map((h) => rssKb(h.child.pid));
  const kbPerIdle = (after[0] + after[1] - before[0] - before[1]) / SUBSCRIBERS;
  console.log(`\n${fmt(SUBSCRIBERS)} subscribers over 2 hub processes; VmRSS ${before.map((k) => fmt(k / 1024)).join(" + ")} MiB → ${after.map((k) => fmt(k / 1024)).join(" + ")} MiB idle`);
  console.log(`  memory per idle subscription  ${fmt(kbPerIdle, 1)} KB   target ≤ ${TARGETS.kbPerIdle} KB  ${verdict(kbPerIdle <= TARGETS.kbPerIdle)}`);

  let seq = 0;
  const commit = () => {
    const n = ++seq;
    return withTransaction(producer.deps.db, (em) => appendOutbox(em, "bench", n, [{ type: "bench.tick", data: { seq: n } }], { actor: "bench", at: new Date() })).then(() => producer.relay?.nudge());
  };
  let worstP99 = 0;
  for (const [rate, seconds] of PHASES) {
    for (const s of subs) if (s.latencies) s.latencies = [];
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
    const until = Date.now() + 30_000;
    while (Date.now() < until && subs.some((s) => s.cursors.size < seq)) await sleep(100);
    const lat = subs.flatMap((s) => s.latencies ?? []);
    const p99 = pct(lat, 99);
    worstP99 = Math.max(worstP99, p99);
    console.log(`  ${fmt(rate)} events/s × ${seconds} s: event → client p50 ${fmt(pct(lat, 50))} ms  p99 ${fmt(p99)} ms  max ${fmt(pct(lat, 100))} ms (${fmt(lat.length)} samples)   target p99 ≤ ${fmt(TARGETS.p99Ms)} ms  ${verdict(p99 <= TARGETS.p99Ms)}`);
  }
  const live = subs.filter((s) => !s.resync);
  const lost = live.reduce((n, s) => n + (seq - s.cursors.size), 0);
  const dup = subs.reduce((n, s) => n + s.duplicates, 0);
  console.log(
    `  events ${fmt(seq)} × ${fmt(SUBSCRIBERS)} subscribers: ${fmt(subs.length - live.length)} ended with RESYNC_REQUIRED (buffer full); ` +
      `of the others, events not received 30 s after the last commit ${fmt(lost)}; duplicated ${fmt(dup)}   ${lost === 0 && dup === 0 ? "OK" : "FAIL"}`,
  );
  await stopProducer();
  return lost === 0 && dup === 0 ? 0 : 1;
}
