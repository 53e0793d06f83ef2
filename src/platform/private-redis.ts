import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import Redis from "ioredis";

/** A redis-server child for the embedded default: loopback only, AOF on, noeviction as BullMQ needs. */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** A hub killed with SIGKILL leaves its detached Redis behind; the next start stops it. */
function killLeftover(pidfile: string) {
  try {
    const pid = Number(readFileSync(pidfile, "utf8").trim());
    if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("redis-server")) process.kill(pid, "SIGKILL");
  } catch {
    // no pidfile or no such process: nothing to clean up
  }
}

export async function startPrivateRedis(dataDir: string): Promise<PrivateRedis> {
  if (spawnSync("redis-server", ["--version"]).error)
    throw new Error("redis-server is not installed. Install it with:\n  sudo apt-get install -y redis-server\nor set REDIS_URL=redis://host:port");
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  killLeftover(join(dir, "redis.pid"));
  const port = await freePort();
  // Its own process group: a Ctrl-C or `timeout` aimed at the hub must not kill Redis before the workers
  // have closed; the hub stops it last.
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction", "--daemonize", "no", "--pidfile", join(dir, "redis.pid")],
    { stdio: "ignore", detached: true },
  );
  child.unref(); // the hub's lifetime is governed by its own handles; stop() still waits for Redis to exit
  const url = `redis://127.0.0.1:${port}/0`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  for (let i = 0; ; i++) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      if (i > 200 || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`private redis-server did not start on port ${port}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    url,
    async stop() {
      // SHUTDOWN is immediate; SIGTERM waits for the next server tick.
      await probe.call("SHUTDOWN", "NOSAVE").catch(() => undefined);
      probe.disconnect();
      if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    },
  };
}
