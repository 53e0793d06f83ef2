// Jest globalSetup: give the run a MariaDB + Redis.
// If TEST_DATABASE_URL and TEST_REDIS_URL are both set (CI, or services you run yourself) they are used as is.
// Otherwise a private pair is started with scripts/services-up.sh on free ports, so concurrent jest runs and a
// developer's own 6399/3399 stack never collide. Jest workers inherit the process.env written here.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const PREFIX = "petition-hub-jest-";
const state = globalThis as typeof globalThis & { __petitionHubRunDir?: string };

// Bind all ports at once so the two are distinct; services-up refuses if one got taken in between.
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

// /dev/shm is RAM-backed (fast), but containers often cap it at 64 MB and the datadir needs ~80 MB.
function baseDir(): string {
  try {
    const st = fs.statfsSync("/dev/shm");
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    if (st.bavail * st.bsize > 512 * 1024 * 1024) return "/dev/shm";
  } catch {
    // no /dev/shm (macOS) or not writable
  }
  return os.tmpdir();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

// An interrupted run (Ctrl-C) never reaches globalTeardown; stop its daemons here instead of leaking them.
function reapStale(base: string): void {
  for (const name of fs.readdirSync(base)) {
    const pid = Number(name.slice(PREFIX.length));
    if (!name.startsWith(PREFIX) || !Number.isInteger(pid) || pid <= 0 || alive(pid)) continue;
    spawnSync("bash", [path.join(ROOT, "scripts/services-down.sh"), path.join(base, name)], { stdio: "inherit" });
  }
}

function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) {
    // Leave the given services alone; only derive the port so tests can rely on TEST_REDIS_PORT either way.
    process.env.TEST_REDIS_PORT ??= new URL(process.env.TEST_REDIS_URL).port || "6379";
    return;
  }

  const base = baseDir();
  reapStale(base);
  const runDir = path.join(base, `${PREFIX}${process.pid}`);
  const [redisPort, mysqlPort] = await freePorts(2);
  // stdout (the one-line summary) is swallowed; stderr stays live so an apt install or a failure is visible.
  const res = spawnSync("bash", [path.join(ROOT, "scripts/services-up.sh"), runDir], {
    cwd: ROOT,
    env: { ...process.env, REDIS_PORT: String(redisPort), MYSQL_PORT: String(mysqlPort) },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (res.status !== 0) {
    throw new Error(
      `scripts/services-up.sh ${runDir} failed (exit ${res.status ?? res.signal}); see its stderr above. ` +
        "Alternatively point TEST_DATABASE_URL and TEST_REDIS_URL at running services.",
    );
  }
  state.__petitionHubRunDir = runDir;

  const env = readEnvFile(path.join(runDir, "env"));
  process.env.TEST_DATABASE_URL = env.TEST_DATABASE_URL;
  process.env.TEST_REDIS_URL = env.TEST_REDIS_URL;
  process.env.TEST_REDIS_PORT = String(redisPort);
  process.env.PETITION_HUB_TEST_RUN_DIR = runDir;
}
