/**
 * Simulated agencies answering through the hub's GraphQL with their own token: acknowledge, respond and send
 * back, duplicates on request, retries when the hub is briefly down. Checked against a stub of the hub's schema.
 */
import { defaultResponse } from "../simulators/case-book";
import { SIMULATED_PARTNERS, StartedSimulator, startAgencySimulator, startAllSimulators } from "../simulators";
import { connectorFor, eventually, sampleDelivery } from "./contract-harness";
import { FakeHub, startFakeHub } from "./fake-hub";

let hub: FakeHub;
const tokenFor = (code: string) => `token-of-${code}`;

beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(() => hub.stop());
beforeEach(() => {
  hub.calls.length = 0;
});

async function deliverThrough(started: StartedSimulator, over = {}) {
  const connector = connectorFor(started);
  const d = sampleDelivery(started.agencyCode, over);
  await connector.deliver(d);
  await connector.close?.();
  return d;
}

describe.each(["DY_CL", "DY_TYJR"])("%s simulator in callback mode", (code) => {
  let started: StartedSimulator;

  beforeAll(async () => {
    started = await startAgencySimulator(code, { hubUrl: hub.url, hubTokenFor: tokenFor, ackDelayMs: 50, respondDelayMs: 150 });
  });
  afterAll(() => started.simulator.stop());
  beforeEach(() => started.simulator.control.reset());

  it("acknowledges, then responds, with its own token and the hub's referral id", async () => {
    const d = await deliverThrough(started);
    await eventually(() => hub.calls.length, (n) => n === 2);
    const { opinion, actionsTaken, attachments } = defaultResponse(code);
    expect(hub.calls).toEqual([
      { field: "acknowledgeReferral", args: { id: d.referralId }, token: tokenFor(code) },
      { field: "respondToReferral", args: { id: d.referralId, input: { opinion, actionsTaken, attachments } }, token: tokenFor(code) },
    ]);
  });

  it("sends each callback twice when told to", async () => {
    started.simulator.control.duplicateCallbacks(true);
    const d = await deliverThrough(started);
    await eventually(() => hub.calls.length, (n) => n === 4);
    expect(hub.calls.map((c) => c.field)).toEqual(["acknowledgeReferral", "acknowledgeReferral", "respondToReferral", "respondToReferral"]);
    expect(new Set(hub.calls.map((c) => c.args.id))).toEqual(new Set([d.referralId]));
  });

  it("retries a callback the hub answered with 503", async () => {
    hub.failNext(1, 503);
    await deliverThrough(started);
    // The simulator records an attempt once the hub's answer is in, so wait on its log rather than the hub's.
    await eventually(() => started.simulator.callbacks().length, (n) => n === 3);
    const attempts = started.simulator.callbacks().map((c) => [c.kind, c.attempt, c.status]);
    expect(attempts).toEqual([
      ["ACKNOWLEDGE", 1, 503],
      ["ACKNOWLEDGE", 2, 200],
      ["RESPOND", 1, 200],
    ]);
  });

  it("sends a referral back with its reason instead of acknowledging it", async () => {
    started.simulator.control.returnNext(1, "不属于本单位职责范围");
    const d = await deliverThrough(started);
    await eventually(() => hub.calls.length, (n) => n === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(hub.calls).toEqual([{ field: "returnReferral", args: { id: d.referralId, reason: "不属于本单位职责范围" }, token: tokenFor(code) }]);
  });
});

describe("startAllSimulators with a hub", () => {
  it("calls back only from callback-mode agencies; DY_FL and JMC are polled", async () => {
    const all = await startAllSimulators({ hubUrl: hub.url, hubTokenFor: tokenFor, ackDelayMs: 20, respondDelayMs: 40 });
    try {
      const endpoints = JSON.parse(all.endpointsJson) as Record<string, { mode: string }>;
      for (const code of ["DY_FL", "JMC"]) {
        expect(all.started.get(code)!.settings.mode).toBe(endpoints[code].mode);
        await deliverThrough(all.started.get(code)!);
      }
      await new Promise((r) => setTimeout(r, 150));
      expect(hub.calls).toEqual([]);
      expect(Object.entries(endpoints).filter(([, e]) => e.mode === "poll").map(([c]) => c)).toEqual(["DY_FL", "JMC"]);
    } finally {
      await all.stop();
    }
  });

  it("connectHub starts callbacks of simulators started before the hub", async () => {
    const all = await startAllSimulators({ only: ["NGQ", "SL_YT"], ackDelayMs: 20, respondDelayMs: 40 });
    try {
      await all.connectHub(hub.url, tokenFor);
      for (const code of ["NGQ", "SL_YT"]) await deliverThrough(all.started.get(code)!);
      await eventually(() => hub.calls.length, (n) => n === 4);
      expect(new Set(hub.calls.map((c) => c.token))).toEqual(new Set(["token-of-NGQ", "token-of-SL_YT"]));
      expect(SIMULATED_PARTNERS.NGQ.mode).toBe("callback");
    } finally {
      await all.stop();
    }
  });
});
