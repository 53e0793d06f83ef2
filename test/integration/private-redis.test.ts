import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { startHubProcess } from "../support/hub-process";

// Two hubs started from the same checkout without REDIS_URL (the embedded default, e.g. `npm start` twice with
// another PORT): the second gets its own private Redis in its own directory and port, and never stops the first's.
// Only a Redis whose owning hub is dead (killed with SIGKILL) is cleaned up by the next start.

type HubProc = Awaited<ReturnType<typeof startHubProcess>>;

const dir = mkdtempSync(join(tmpdir(), "hub-two-"));
const started: HubProc[] = [];
afterAll(async () => {
  for (const h of started) await h.kill9();
  // Redis servers left behind by a hub this test killed: stop them by the pid their own pidfile names.
  for (const d of [".data/redis", ".data/redis-2", ".data/redis-3"]) {
    try {
      process.kill(Number(readFileSync(join(dir, d, "redis.pid"), "utf8")), "SIGKILL");
    } catch {
      // not running
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A hub of the embedded default in `dir`, with its own SQLite file; returns where its private Redis runs. */
async function embeddedHub(db: string): Promise<{ proc: HubProc; redisUrl: string; redisDir: string; readyz: string }> {
  const proc = await startHubProcess({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: `sqlite:.data/${db}.sqlite`, DEMO_DATA: "no" }, { cwd: dir, unset: ["REDIS_URL", "DATABASE_URL", "JWT_KEYS_FILE", "PII_KEYS_FILE"] });
  started.push(proc);
  const records = proc.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, string>);
  const redis = records.find((r) => r.msg === "private redis started")!;
  const url = records.find((r) => typeof r.msg === "string" && r.msg.startsWith("petition-hub ready"))!.url;
  return { proc, redisUrl: redis.redisUrl, redisDir: redis.dir, readyz: url.replace(/\/graphql$/, "/readyz").replace("localhost", "127.0.0.1") };
}

async function pings(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  r.on("error", () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

const ready = async (url: string) => (await fetch(url)).status === 200;

function exited(p: HubProc): Promise<number | null> {
  return p.child.exitCode !== null ? Promise.resolve(p.child.exitCode) : new Promise((r) => p.child.once("exit", (code) => r(code)));
}

it("a second hub runs its own private Redis; stopping it leaves the first one's running", async () => {
  const first = await embeddedHub("first");
  expect(first.redisDir).toBe(join(dir, ".data/redis"));
  const second = await embeddedHub("second");
  expect(second.redisDir).toBe(join(dir, ".data/redis-2"));
  expect(second.redisUrl).not.toBe(first.redisUrl);
  // Both hubs are up on their own Redis: the first's was not killed by the second's start.
  expect(await pings(first.redisUrl)).toBe(true);
  expect(await ready(first.readyz)).toBe(true);
  expect(await ready(second.readyz)).toBe(true);

  second.proc.child.kill("SIGTERM");
  expect(await exited(second.proc)).toBe(0);
  // The second stopped its own Redis and released its directory; the first hub is untouched.
  expect(await pings(second.redisUrl)).toBe(false);
  expect(existsSync(join(dir, ".data/redis-2/owner.pid"))).toBe(false);
  expect(await pings(first.redisUrl)).toBe(true);
  expect(await ready(first.readyz)).toBe(true);

  // A hub killed with SIGKILL leaves its Redis behind; the next start takes over the directory and stops that one.
  await first.proc.kill9();
  expect(await pings(first.redisUrl)).toBe(true);
  const third = await embeddedHub("third");
  expect(third.redisDir).toBe(join(dir, ".data/redis"));
  expect(await pings(first.redisUrl)).toBe(false);
  expect(await ready(third.readyz)).toBe(true);
  third.proc.child.kill("SIGTERM");
  expect(await exited(third.proc)).toBe(0);
}, 120_000);
