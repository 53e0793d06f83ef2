/**
 * The connector contract, run against every agency's connector and its simulator over real HTTP: the same
 * behaviour from the hub's side whatever the partner's protocol and shapes.
 */
import { AgencyConnector } from "../../src/connectors/agency-connector";
import { SimulatorHandle, StartedSimulator, startAgencySimulator } from "../simulators";
import { defaultResponse } from "../simulators/case-book";
import { AGENCIES, caught, connectorFor, eventually, sampleDelivery } from "./contract-harness";

const TIMEOUT_MS = 400;
const RESET_MS = 500;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

describe.each(AGENCIES)("%s (%s) connector against its simulator", (code) => {
  let started: StartedSimulator;
  let sim: SimulatorHandle;
  let connector: AgencyConnector;

  beforeAll(async () => {
    started = await startAgencySimulator(code, {
      ackDelayMs: 300,
      respondDelayMs: 600,
      timeoutMs: TIMEOUT_MS,
      circuit: { errorThresholdPercentage: 50, volumeThreshold: 5, windowMs: 10_000, resetTimeoutMs: RESET_MS },
    });
    sim = started.simulator;
  });
  afterAll(() => sim.stop());

  // A fresh connector per test, so one test's open circuit never leaks into the next.
  beforeEach(() => {
    sim.control.reset();
    connector = connectorFor(started);
  });
  afterEach(() => connector.close?.());

  it("delivers a referral and gets the partner's reference", async () => {
    const d = sampleDelivery(code);
    const receipt = await connector.deliver(d);
    expect(receipt).toEqual({ externalRef: expect.any(String), duplicate: false });
    expect(receipt.externalRef.length).toBeGreaterThan(0);
    expect(sim.received()).toEqual([expect.objectContaining({ ref: receipt.externalRef, referralId: d.referralId, idempotencyKey: d.idempotencyKey })]);
    expect(connector.agencyCode).toBe(code);
  });

  it("re-delivery with the same idempotency key returns the same reference, marked duplicate; the partner holds one case", async () => {
    const d = sampleDelivery(code);
    const first = await connector.deliver(d);
    const again = await connector.deliver(d);
    expect(again).toEqual({ externalRef: first.externalRef, duplicate: true });
    expect(sim.received()).toHaveLength(1);
  });

  it("an idempotency key reused for another referral is refused as PERMANENT; nothing is created", async () => {
    const first = sampleDelivery(code);
    await connector.deliver(first);
    const reuse = await caught(connector.deliver({ ...sampleDelivery(code), idempotencyKey: first.idempotencyKey }));
    expect(reuse.kind).toBe("PERMANENT");
    expect(sim.received()).toHaveLength(1);
  });

  it("reports RECEIVED, then ACKNOWLEDGED, then RESPONDED with the answer in the hub's terms", async () => {
    const d = sampleDelivery(code);
    const sentAt = Date.now();
    const { externalRef } = await connector.deliver(d);
    expect(await connector.fetchStatus(d.referralId, externalRef)).toEqual({ externalRef, status: "RECEIVED" });

    const acked = await eventually(() => connector.fetchStatus(d.referralId, externalRef), (s) => s?.status !== "RECEIVED");
    expect(acked).toEqual({ externalRef, status: "ACKNOWLEDGED", acknowledgedAt: expect.stringMatching(ISO_UTC) });
    // Partners that write whole seconds may round the instant down.
    expect(Date.parse(acked!.acknowledgedAt!)).toBeGreaterThanOrEqual(Math.floor(sentAt / 1000) * 1000);

    const answered = await eventually(() => connector.fetchStatus(d.referralId, externalRef), (s) => s?.status === "RESPONDED");
    const expected = defaultResponse(code);
    expect(answered).toEqual({
      externalRef,
      status: "RESPONDED",
      acknowledgedAt: acked!.acknowledgedAt,
      response: { opinion: expected.opinion, actionsTaken: expected.actionsTaken, attachments: expected.attachments, respondedAt: expect.stringMatching(ISO_UTC) },
    });
  });

  it("reports a send-back (回退) as RETURNED with the partner's reason", async () => {
    sim.control.returnNext(1, "不属于本单位职责范围");
    const d = sampleDelivery(code);
    const { externalRef } = await connector.deliver(d);
    const returned = await eventually(() => connector.fetchStatus(d.referralId, externalRef), (s) => s?.status !== "RECEIVED");
    expect(returned).toEqual({ externalRef, status: "RETURNED", returnReason: "不属于本单位职责范围" });
  });

  it("returns null for a reference the partner does not know", async () => {
    await expect(connector.fetchStatus("1", `${code}-unknown`)).resolves.toBeNull();
  });

  it("503 is RETRYABLE, and the retry succeeds once the partner recovers", async () => {
    sim.control.failNext(2, 503);
    const d = sampleDelivery(code);
    for (let i = 0; i < 2; i++) expect(await caught(connector.deliver(d))).toMatchObject({ kind: "RETRYABLE", status: 503 });
    await expect(connector.deliver(d)).resolves.toMatchObject({ duplicate: false });
    expect(sim.received()).toHaveLength(1);
  });

  it("5xx and 408 on a status read are RETRYABLE too", async () => {
    const d = sampleDelivery(code);
    const { externalRef } = await connector.deliver(d);
    for (const status of [500, 502, 408]) {
      sim.control.failNext(1, status);
      expect(await caught(connector.fetchStatus(d.referralId, externalRef))).toMatchObject({ kind: "RETRYABLE", status });
    }
  });

  it("429 with Retry-After: 2 is RATE_LIMITED with retryAfterMs 2000", async () => {
    sim.control.failNext(1, 429, { retryAfterSeconds: 2 });
    expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "RATE_LIMITED", retryAfterMs: 2000, status: 429 });
  });

  it("400 is PERMANENT and does not open the circuit", async () => {
    sim.control.failNext(Infinity, 400);
    const d = sampleDelivery(code);
    for (let i = 0; i < 8; i++) expect(await caught(connector.deliver(d))).toMatchObject({ kind: "PERMANENT", status: 400 });
    expect(sim.requests()).toBe(8); // every call reached the partner: nothing was short-circuited
    sim.control.reset();
    await expect(connector.deliver(d)).resolves.toMatchObject({ duplicate: false });
  });

  it("a referral the partner refuses as invalid is PERMANENT", async () => {
    const error = await caught(connector.deliver(sampleDelivery(code, { responseDueAt: "next Friday" })));
    expect(error.kind).toBe("PERMANENT");
    expect(sim.received()).toHaveLength(0);
  });

  it("an answer the hub cannot read is PERMANENT, for deliveries and status reads", async () => {
    sim.control.failNext(1, 201, { body: { unexpected: true } });
    expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "PERMANENT" });
    const d = sampleDelivery(code);
    const { externalRef } = await connector.deliver(d);
    sim.control.failNext(1, 200, { body: { data: { referralStatus: { ref: externalRef, stage: "LOST" } }, ref: externalRef, status: "lost" } });
    const error = await caught(connector.fetchStatus(d.referralId, externalRef));
    expect(error.kind).toBe("PERMANENT");
    expect(error.message).toContain("unreadable");
  });

  it("an answer slower than timeoutMs is RETRYABLE; the case the partner still recorded makes the retry a duplicate", async () => {
    sim.control.delayNext(1, TIMEOUT_MS + 800);
    const d = sampleDelivery(code);
    const t0 = Date.now();
    const error = await caught(connector.deliver(d));
    expect(error).toMatchObject({ kind: "RETRYABLE" });
    expect(error.message).toContain(`within ${TIMEOUT_MS} ms`);
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS + 600); // gave up well before the partner answered
    const [recorded] = await eventually(() => sim.received(), (r) => r.length === 1);
    await expect(connector.deliver(d)).resolves.toEqual({ externalRef: recorded.ref, duplicate: true });
  });

  it("repeated 503s open the circuit: the next call fails fast without reaching the partner; a trial call closes it", async () => {
    sim.control.failNext(Infinity, 503);
    const d = sampleDelivery(code);
    for (let i = 0; i < 5; i++) expect(await caught(connector.deliver(d))).toMatchObject({ kind: "RETRYABLE", status: 503 });
    expect(sim.requests()).toBe(5);

    const t0 = Date.now();
    const fast = await caught(connector.deliver(d));
    expect(fast).toMatchObject({ kind: "RETRYABLE", status: undefined, retryAfterMs: RESET_MS });
    expect(fast.message).toContain("circuit open");
    expect(Date.now() - t0).toBeLessThan(100);
    expect(sim.requests()).toBe(5);

    sim.control.reset();
    await new Promise((r) => setTimeout(r, RESET_MS + 100));
    await expect(connector.deliver(d)).resolves.toMatchObject({ duplicate: false });
    await expect(connector.deliver(d)).resolves.toMatchObject({ duplicate: true });
  });
});
