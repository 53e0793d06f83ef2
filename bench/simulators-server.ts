/**
 * Bench child process: the agency simulators of the referral benchmark (BENCH_SIMULATOR_CODES, comma-separated),
 * callbacks off, in their own node process as partners are separate systems; they trust BENCH_HUB_PUBLIC_JWKS. Reports `{ simulators: [{ agencyCode,
 * settings }] }` over IPC, then answers `{ id, cmd: "received" | "requests" | "reset" }` with `{ id, value }`.
 */
import { startAgencySimulator, StartedSimulator } from "../test/simulators";
import { PublicJwk } from "../test/simulators/partner-signatures";
import { stopWith } from "./lib/load";

/** A request from the bench to this process. */
export interface SimulatorsRequest {
  id: number;
  cmd: "received" | "requests" | "reset";
}

async function main() {
  const codes = (process.env.BENCH_SIMULATOR_CODES ?? "").split(",").filter(Boolean);
  const sims: StartedSimulator[] = [];
  // The test hub key is generated per process: trust the bench's (whose hubs sign with TEST_PARTNER_KEYS_JSON).
  const hubPublicKeys = JSON.parse(process.env.BENCH_HUB_PUBLIC_JWKS ?? "[]") as PublicJwk[];
  for (const code of codes) sims.push(await startAgencySimulator(code, { ackDelayMs: Infinity, respondDelayMs: Infinity, hubPublicKeys }));
  stopWith(async () => void (await Promise.all(sims.map((s) => s.simulator.stop()))));
  process.on("message", (m: SimulatorsRequest) => {
    const value =
      m.cmd === "received" ? sims.map((s) => s.simulator.received()) :
      m.cmd === "requests" ? sims.map((s) => s.simulator.requests()) :
      sims.map((s) => s.simulator.control.reset());
    process.send?.({ id: m.id, value });
  });
  process.send?.({ simulators: sims.map((s) => ({ agencyCode: s.agencyCode, settings: s.settings })) });
}

main().catch((e: unknown) => {
  process.send?.({ error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
