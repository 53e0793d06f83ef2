import { ChildProcess, fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { onCleanup } from "./cleanup";

/**
 * V8 flags the hub runs with in production (Dockerfile, scripts/start.sh): a 32 MB young-generation semi-space.
 * Under load the hub's young objects are mostly those of requests in flight, so each scavenge copies about the same
 * live set whatever the space's size; a larger space means fewer scavenges (GC was 20-28 % of the API's CPU with
 * the default 16 MB, see docs/decisions.md "Pipeline speed"). The API benchmark runs both of its targets with them.
 */
export const HUB_NODE_OPTIONS = "--max-semi-space-size=32";

/** A server under test running in its own node process. */
export interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

/**
 * Forks `script` (a compiled bench entry) with `env` and waits for it to send `{ url }` over IPC. The child
 * exits by itself if this process dies (IPC disconnect), and is stopped at cleanup.
 */
export async function startTarget(name: string, script: string, env: Record<string, string>): Promise<Target> {
  const prof = process.env.BENCH_CPU_PROF; // a directory: write a V8 CPU profile of every target there
  const child = fork(script, [], { execArgv: prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [], env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = onCleanup(`stop ${name}`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    child.once("message", (m: { url?: string; error?: string }) => {
      clearTimeout(timer);
      if (m.url) resolve(m.url);
      else reject(new Error(`${name} failed to start: ${m.error}`));
    });
    child.once("exit", (code, sig) => reject(new Error(`${name} exited during start-up (${code ?? sig})`)));
  });
  return { name, url, child, stop };
}

/** Tells the parent where the server listens (called by a bench server entry). */
export function reportReady(url: string): void {
  process.send?.({ url });
}

/** Stops a bench server entry on SIGTERM/SIGINT or when its parent goes away. */
export function stopWith(stop: () => Promise<void>): void {
  let stopping = false;
  const go = () => {
    if (stopping) return;
    stopping = true;
    stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGTERM", go);
  process.once("SIGINT", go);
  process.once("disconnect", go);
}

/** One autocannon run, reduced to what the report prints. Latencies in ms (percentiles rounded by autocannon). */
export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  mean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** Offered load in requests/s over all connections (autocannon `-R`); closed loop (as fast as answered) when absent. */
  rate?: number;
}

/**
 * Runs the autocannon CLI (the devDependency's bin, i.e. what `npx autocannon` runs) in a separate node process
 * with `--json`, POSTing `body` as application/json over keep-alive HTTP/1.1, pipelining 1.
 */
export async function autocannon(o: LoadOptions): Promise<LoadResult> {
  const headers = Object.entries({ "content-type": "application/json", ...o.headers }).flatMap(([k, v]) => ["-H", `${k}=${v}`]);
  const args = [require.resolve("autocannon/autocannon.js"), "-c", String(o.connections), "-d", String(o.seconds), ...(o.rate ? ["-R", String(o.rate)] : []), "-m", "POST", ...headers, "-b", o.body, "--json", o.url];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const stopEarly = onCleanup("stop autocannon", () => void child.kill("SIGKILL"));
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  await stopEarly();
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  const r = JSON.parse(out.trim().split("\n").at(-1)!) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number; mean: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return { reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, total: r.requests.total };
}

/** CPU time (user + system, seconds) a live process has used so far, from /proc; null where unavailable. */
export function cpuSeconds(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return null;
  }
}
