import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { createConnection } from "mysql2/promise";
import { onCleanup } from "./cleanup";

const ROOT = path.resolve(__dirname, "../../..");
const PREFIX = "petition-hub-bench-";

/** A MariaDB server and a Redis to benchmark against. */
export interface BenchServices {
  /** URL of a database on the server; `freshDatabase` creates siblings of it. */
  databaseUrl: string;
  redisUrl: string;
  /** Where they came from, for the report. */
  origin: string;
  /** mariadbd's pid when we started it (to report its CPU use). */
  dbPid?: number;
  /** redis-server's pid when we started it. */
  redisPid?: number;
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * BENCH_DATABASE_URL + BENCH_REDIS_URL when both are set; otherwise a throwaway MariaDB + Redis started with
 * scripts/services-up.sh on free ports and stopped by the cleanup (also on Ctrl-C). Stacks left by a killed
 * earlier run (dead owner pid) are stopped first.
 */
export async function benchServices(): Promise<BenchServices> {
  const { BENCH_DATABASE_URL: db, BENCH_REDIS_URL: redis } = process.env;
  if (db && redis) return { databaseUrl: db, redisUrl: redis, origin: "BENCH_DATABASE_URL / BENCH_REDIS_URL" };

  const base = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  for (const name of fs.readdirSync(base)) {
    const pid = Number(name.slice(PREFIX.length));
    if (name.startsWith(PREFIX) && pid > 0 && !alive(pid)) spawnSync("bash", [path.join(ROOT, "scripts/services-down.sh"), path.join(base, name)], { stdio: "inherit" });
  }
  const runDir = path.join(base, `${PREFIX}${process.pid}`);
  const [redisPort, mysqlPort] = await freePorts(2);
  onCleanup("services-down", () => {
    spawnSync("bash", [path.join(ROOT, "scripts/services-down.sh"), runDir], { stdio: "inherit", env: { ...process.env, FAST: "1" } });
  });
  const up = spawnSync("bash", [path.join(ROOT, "scripts/services-up.sh"), runDir], {
    cwd: ROOT,
    env: { ...process.env, REDIS_PORT: String(redisPort), MYSQL_PORT: String(mysqlPort) },
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (up.status !== 0) throw new Error(`scripts/services-up.sh failed (exit ${up.status ?? up.signal}); or set BENCH_DATABASE_URL and BENCH_REDIS_URL`);
  const env = Object.fromEntries(fs.readFileSync(path.join(runDir, "env"), "utf8").split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  return { databaseUrl: env.TEST_DATABASE_URL, redisUrl: env.TEST_REDIS_URL, origin: `throwaway (scripts/services-up.sh ${runDir})`, dbPid: Number(fs.readFileSync(path.join(runDir, "mariadb.pid"), "utf8")), redisPid: Number(fs.readFileSync(path.join(runDir, "redis.pid"), "utf8")) };
}

const connect = (u: URL) => createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });

/**
 * Creates an empty database next to the one in `serverUrl` (named `<that name>_<random>`, which the grants of
 * services-up.sh allow for `hub_test`) and drops it at cleanup. Returns its URL.
 */
export async function freshDatabase(serverUrl: string): Promise<string> {
  const url = new URL(serverUrl);
  const name = `${url.pathname.slice(1) || "hub_bench"}_${randomBytes(4).toString("hex")}`;
  const conn = await connect(url);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  onCleanup(`drop ${name}`, async () => {
    const c = await connect(url);
    await c.query(`DROP DATABASE IF EXISTS \`${name}\``).finally(() => c.end());
  });
  url.pathname = `/${name}`;
  return url.toString();
}

/** `SELECT VERSION()` of the server behind `url`. */
export async function serverVersion(url: string): Promise<string> {
  const conn = await connect(new URL(url));
  try {
    const [rows] = await conn.query("SELECT VERSION() AS v");
    return (rows as { v: string }[])[0].v;
  } finally {
    await conn.end();
  }
}
