import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer, Server, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { freshDatabaseUrl, startTestHub, TestHub } from "../factories/test-hub";

// /readyz answers within a bounded time whatever Redis or the database do. A stopped Redis (SIGSTOP) keeps its
// socket open and never answers; a database behind a frozen network path accepts bytes and never replies. Neither
// fails by itself: before, /readyz hung on both. Runs on MariaDB (the database that can go away).

const BOUND_MS = 1_000;
/** The probe's bound plus HTTP and scheduling slack on a shared 2-core machine. */
const ANSWER_WITHIN_MS = 2_500;

/** A TCP proxy to the database that can be frozen: bytes stop flowing both ways and new connections wait. */
function freezableProxy(target: { host: string; port: number }): Promise<{ port: number; freeze(): void; thaw(): void; close(): Promise<void> }> {
  let frozen = false;
  const pairs: [Socket, Socket][] = [];
  const waiting: (() => void)[] = [];
  const server: Server = createServer((client) => {
    const connect = () => {
      const upstream = createConnection(target);
      client.pipe(upstream);
      upstream.pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", drop);
      upstream.on("error", drop);
      pairs.push([client, upstream]);
    };
    if (frozen) waiting.push(connect);
    else connect();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as { port: number }).port,
        freeze() {
          frozen = true;
          for (const pair of pairs) pair.forEach((s) => s.pause());
        },
        thaw() {
          frozen = false;
          for (const pair of pairs) pair.forEach((s) => s.resume());
          waiting.splice(0).forEach((c) => c());
        },
        close: () =>
          new Promise<void>((done) => {
            for (const pair of pairs) pair.forEach((s) => s.destroy());
            server.close(() => done());
          }),
      }),
    ),
  );
}

async function until(what: string, ok: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let redis: ChildProcess;
let redisDir: string;
let proxy: Awaited<ReturnType<typeof freezableProxy>>;
let t: TestHub;

beforeAll(async () => {
  redisDir = mkdtempSync(join(tmpdir(), "hub-readyz-"));
  const port = await new Promise<number>((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
  // A Redis of our own: stopping the shared test Redis would stall every other suite.
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", redisDir, "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
  const probe = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  await until("redis to start", () => probe.connect().then(() => probe.ping().then(() => true), () => false));
  probe.disconnect();

  const db = await freshDatabaseUrl("mariadb");
  const real = new URL(db.url);
  proxy = await freezableProxy({ host: real.hostname, port: Number(real.port) });
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  t = await startTestHub({ REDIS_URL: `redis://127.0.0.1:${port}/0`, READY_TIMEOUT_MS: String(BOUND_MS), DATABASE_URL: viaProxy.toString() }, { url: viaProxy.toString(), drop: db.drop });
}, 60_000);

afterAll(async () => {
  // Everything running again first, so the hub can close its connections.
  redis?.kill("SIGCONT");
  proxy?.thaw();
  await t?.stop();
  await proxy?.close();
  redis?.kill("SIGKILL");
  rmSync(redisDir, { recursive: true, force: true });
});

async function readyz(): Promise<{ status: number; body: Record<string, string>; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${t.baseUrl}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Record<string, string>, ms: Date.now() - started };
}

it("is ready when both answer", async () => {
  expect(await readyz()).toMatchObject({ status: 200, body: { status: "ready", database: "ok", redis: "ok" } });
});

it("answers 503 naming Redis, within the bound, while Redis is stopped (SIGSTOP), and ready again after SIGCONT", async () => {
  redis.kill("SIGSTOP");
  try {
    const r = await readyz();
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: "not ready", database: "ok", redis: `timeout after ${BOUND_MS} ms` });
    expect(r.ms).toBeLessThan(ANSWER_WITHIN_MS);
    // A second probe while still stopped is bounded the same way (probes do not queue behind each other).
    expect((await readyz()).ms).toBeLessThan(ANSWER_WITHIN_MS);
  } finally {
    redis.kill("SIGCONT");
  }
  await until("ready after SIGCONT", async () => (await readyz()).status === 200);
}, 30_000);

it("answers 503 naming the database, within the bound, while the database does not answer, and ready again after", async () => {
  proxy.freeze();
  try {
    const r = await readyz();
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: "not ready", database: `timeout after ${BOUND_MS} ms`, redis: "ok" });
    expect(r.ms).toBeLessThan(ANSWER_WITHIN_MS);
  } finally {
    proxy.thaw();
  }
  await until("ready after the database answers again", async () => (await readyz()).status === 200);
}, 30_000);
