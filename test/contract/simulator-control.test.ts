/** The simulators' HTTP control surface, for scripts and processes that cannot reach the `control` object. */
import { SimulatorHandle, StartedSimulator, startAgencySimulator } from "../simulators";
import { caught, connectorFor, sampleDelivery } from "./contract-harness";

describe.each(["JMC", "SL_YT"])("%s simulator's POST /control", (code) => {
  let started: StartedSimulator;
  let sim: SimulatorHandle;

  beforeAll(async () => {
    started = await startAgencySimulator(code, { ackDelayMs: Infinity, respondDelayMs: Infinity });
    sim = started.simulator;
  });
  afterAll(() => sim.stop());

  const control = (command: unknown) => fetch(`${sim.url}/control`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(command) });

  it("scripts failures, lists deliveries and resets", async () => {
    const connector = connectorFor(started);
    expect((await control({ action: "failNext", n: 1, status: 429, retryAfterSeconds: 7 })).status).toBe(200);
    expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "RATE_LIMITED", retryAfterMs: 7000 });

    await control({ action: "failNext", n: "Infinity", status: 400 });
    for (let i = 0; i < 3; i++) expect((await caught(connector.deliver(sampleDelivery(code)))).kind).toBe("PERMANENT");
    await control({ action: "reset" });

    const d = sampleDelivery(code);
    const { externalRef } = await connector.deliver(d);
    const received = (await (await fetch(`${sim.url}/control/received`)).json()) as { ref: string; referralId: string }[];
    expect(received).toEqual([expect.objectContaining({ ref: externalRef, referralId: d.referralId })]);
    await connector.close?.();
  });

  it("scripts slowness", async () => {
    const connector = connectorFor(started, { timeoutMs: 100 });
    await control({ action: "delayNext", n: 1, ms: 300 });
    expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "RETRYABLE" });
    await connector.close?.();
  });

  it("refuses a malformed command with 400", async () => {
    const res = await control({ action: "failNext", n: 0, status: 503 });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "BAD_CONTROL" });
    expect((await control({ action: "explode" })).status).toBe(400);
  });
});
