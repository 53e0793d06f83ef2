import { fork } from "node:child_process";
import * as path from "node:path";
import { AgencySettings } from "../../src/connectors/config";
import { DEFAULT_HUB_TEST_KEY, Delivery, startAgencySimulator } from "../../test/simulators";
import type { SimulatorsRequest } from "../simulators-server";
import { onCleanup } from "./cleanup";

/** The agency simulators of a benchmark, wherever they run. */
export interface BenchSimulators {
  /** Where they run, for the report. */
  where: "inline" | "process";
  /** Agency code → the hub's settings to reach it. */
  agencies: Record<string, AgencySettings>;
  /** Deliveries each simulator recorded (one per idempotency key), with its agency. */
  received(): Promise<(Delivery & { agencyCode: string })[]>;
  /** API requests that reached them since start or the last reset. */
  requests(): Promise<number>;
  reset(): Promise<void>;
  /** The simulators' own process (null inline: their CPU is the bench process's). */
  pid: number | null;
}

/**
 * Starts the simulators of `codes` (callbacks off, no 签收/answer timers) in this process (`inline`) or in a
 * child process running bench/simulators-server.js (`process`), stopped at cleanup.
 */
export async function startBenchSimulators(codes: string[], where: "inline" | "process"): Promise<BenchSimulators> {
  if (where === "inline") {
    const sims = await Promise.all(codes.map((code) => startAgencySimulator(code, { ackDelayMs: Infinity, respondDelayMs: Infinity })));
    onCleanup("stop simulators", async () => void (await Promise.all(sims.map((s) => s.simulator.stop()))));
    return {
      where,
      agencies: Object.fromEntries(sims.map((s) => [s.agencyCode, s.settings])),
      received: async () => sims.flatMap((s) => s.simulator.received().map((d) => ({ ...d, agencyCode: s.agencyCode }))),
      requests: async () => sims.reduce((n, s) => n + s.simulator.requests(), 0),
      reset: async () => sims.forEach((s) => s.simulator.control.reset()),
      pid: null,
    };
  }
  const prof = process.env.BENCH_CPU_PROF;
  const child = fork(path.join(__dirname, "..", "simulators-server.js"), [], {
    execArgv: prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [],
    env: { ...process.env, BENCH_SIMULATOR_CODES: codes.join(","), BENCH_HUB_PUBLIC_JWKS: JSON.stringify([DEFAULT_HUB_TEST_KEY.publicJwk]) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  onCleanup("stop simulator process", async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    await exited;
  });
  const started = await new Promise<{ agencyCode: string; settings: AgencySettings }[]>((resolve, reject) => {
    child.once("message", (m: { simulators?: { agencyCode: string; settings: AgencySettings }[]; error?: string }) => (m.simulators ? resolve(m.simulators) : reject(new Error(`simulators failed to start: ${m.error}`))));
    child.once("exit", (code, sig) => reject(new Error(`simulator process exited during start-up (${code ?? sig})`)));
  });
  let next = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  child.on("message", (m: { id?: number; value?: unknown }) => {
    if (m.id !== undefined) waiting.get(m.id)?.(m.value);
    if (m.id !== undefined) waiting.delete(m.id);
  });
  const ask = <T>(cmd: SimulatorsRequest["cmd"]) => new Promise<T>((resolve) => {
    const id = next++;
    waiting.set(id, resolve as (v: unknown) => void);
    child.send({ id, cmd } satisfies SimulatorsRequest);
  });
  return {
    where,
    agencies: Object.fromEntries(started.map((s) => [s.agencyCode, s.settings])),
    received: async () => (await ask<Delivery[][]>("received")).flatMap((ds, k) => ds.map((d) => ({ ...d, agencyCode: started[k].agencyCode }))),
    requests: async () => (await ask<number[]>("requests")).reduce((a, b) => a + b, 0),
    reset: async () => void (await ask("reset")),
    pid: child.pid ?? null,
  };
}
