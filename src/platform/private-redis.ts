import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import Redis from "ioredis";

/** A redis-server child for the embedded default: loopback only, AOF on, noeviction as BullMQ needs. */
export interface PrivateRedis {
  url: string;
  /** The data directory it runs in: the one asked for, or `<dir>-2`, `<dir>-3`… when another live hub owns that. */
  dir: string;
  stop(): Promise<void>;
}

/** How many hubs of one checkout may each run a private Redis side by side. */
export const MAX_PRIVATE_REDIS_DIRS = 9;
const OWNER_FILE = "owner.pid";

function isLive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // A recycled pid of some other program does not own the directory; off Linux, trust the signal probe.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node");
  } catch {
    return !existsSync("/proc/self");
  }
}

/**
 * Claims `dir` for this process by creating its owner file exclusively (two hubs starting at once cannot both win).
 * A file naming a dead process is a hub killed with SIGKILL: taken over. A live owner (this process included:
 * a second hub in one process) keeps it.
 */
function claim(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, OWNER_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(readFileSync(file, "utf8").trim());
      if (owner > 0 && isLive(owner)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

function release(dir: string): void {
  const file = join(dir, OWNER_FILE);
  try {
    if (readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file);
  } catch {
    // already gone
  }
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

/** A hub killed with SIGKILL leaves its detached Redis behind; the next owner of the directory stops it. */
function killLeftover(pidfile: string) {
  try {
    const pid = Number(readFileSync(pidfile, "utf8").trim());
    if (pid > 0 && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("redis-server")) process.kill(pid, "SIGKILL");
  } catch {
    // no pidfile or no such process: nothing to clean up
  }
}

/**
 * Starts a private redis-server in `dataDir`, or — when another live hub (e.g. a second `npm start` from the same
 * checkout) owns that directory — in the first free `<dataDir>-N`, on its own port. Only a Redis left behind by a
 * dead owner is ever stopped; another hub's never is.
 */
export async function startPrivateRedis(dataDir: string): Promise<PrivateRedis> {
  if (spawnSync("redis-server", ["--version"]).error)
    throw new Error("redis-server is not installed. Install it with:\n  sudo apt-get install -y redis-server\nor set REDIS_URL=redis://host:port");
  const base = resolve(dataDir);
  const dir = Array.from({ length: MAX_PRIVATE_REDIS_DIRS }, (_, i) => (i === 0 ? base : `${base}-${i + 1}`)).find(claim);
  if (!dir) throw new Error(`${MAX_PRIVATE_REDIS_DIRS} hubs of this checkout already run a private Redis (${base}, ${base}-2 …): stop one, or set REDIS_URL=redis://host:port`);
  try {
    return await startIn(dir);
  } catch (e) {
    release(dir);
    throw e;
  }
}

async function startIn(dir: string): Promise<PrivateRedis> {
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
    dir,
    async stop() {
      // SHUTDOWN is immediate; SIGTERM waits for the next server tick.
      await probe.call("SHUTDOWN", "NOSAVE").catch(() => undefined);
      probe.disconnect();
      if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
      release(dir);
    },
  };
}
