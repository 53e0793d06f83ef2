/**
 * The REST partners' side of request signing, called directly: what a tampered, replayed, stale, unknown-key or
 * unsigned request gets, and that none of them creates a case. The same rules protect the hub's own callbacks.
 */
import { signRequest } from "../../src/connectors/signing";
import { SimulatorHandle, StartedSimulator, startAgencySimulator } from "../simulators";
import { REST_AGENCIES, caught, connectorFor, sampleDelivery } from "./contract-harness";

describe.each(REST_AGENCIES)("%s simulator refuses badly signed requests", (code) => {
  let started: StartedSimulator;
  let sim: SimulatorHandle;
  let keyId: string;
  let secret: string;
  /** A valid delivery body in this partner's shape, produced by its own connector. */
  let body: string;

  beforeAll(async () => {
    started = await startAgencySimulator(code, { ackDelayMs: Infinity, respondDelayMs: Infinity });
    sim = started.simulator;
    keyId = started.settings.keyId!;
    secret = started.settings.secret!;
    // Capture what the connector sends, so these tests use the partner's real shape.
    const connector = connectorFor(started);
    await connector.deliver(sampleDelivery(code));
    body = JSON.stringify(sim.received()[0].body);
    await connector.close?.();
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.control.reset());

  const post = (headers: Record<string, string>, text = body) =>
    fetch(`${sim.url}/referrals`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": `k-${Math.random()}`, ...headers }, body: text });
  const answer = async (res: Response) => ({ status: res.status, body: await res.json() });

  it("accepts a correctly signed request", async () => {
    const res = await post(signRequest(secret, keyId, "POST", "/referrals", body));
    expect(res.status).toBe(201);
    expect(sim.received()).toHaveLength(1);
  });

  it("refuses a tampered body: 401 BAD_SIGNATURE", async () => {
    const headers = signRequest(secret, keyId, "POST", "/referrals", body);
    const tampered = body.replace(/(东营区文汇街道)/, "河口区");
    expect(tampered).not.toBe(body);
    expect(await answer(await post(headers, tampered))).toEqual({ status: 401, body: { code: "BAD_SIGNATURE" } });
  });

  it("refuses a tampered signature: 401 BAD_SIGNATURE", async () => {
    const headers = signRequest(secret, keyId, "POST", "/referrals", body);
    const sig = headers["x-hub-signature"];
    headers["x-hub-signature"] = (sig[0] === "0" ? "1" : "0") + sig.slice(1);
    expect(await answer(await post(headers))).toEqual({ status: 401, body: { code: "BAD_SIGNATURE" } });
  });

  it("refuses a request signed for another path: 401 BAD_SIGNATURE", async () => {
    expect(await answer(await post(signRequest(secret, keyId, "POST", "/referrals/x/status", body)))).toEqual({ status: 401, body: { code: "BAD_SIGNATURE" } });
  });

  it("refuses a replayed nonce: the same signed request twice gets 401 REPLAYED", async () => {
    const headers = signRequest(secret, keyId, "POST", "/referrals", body);
    expect((await post(headers)).status).toBe(201);
    expect(await answer(await post(headers))).toEqual({ status: 401, body: { code: "REPLAYED" } });
    expect(sim.received()).toHaveLength(1);
  });

  it("refuses a timestamp more than 5 minutes off: 401 STALE_TIMESTAMP", async () => {
    const headers = signRequest(secret, keyId, "POST", "/referrals", body, new Date(Date.now() - 301_000));
    expect(await answer(await post(headers))).toEqual({ status: 401, body: { code: "STALE_TIMESTAMP" } });
  });

  it("refuses an unknown key id: 401 UNKNOWN_KEY", async () => {
    expect(await answer(await post(signRequest(secret, "someone-else", "POST", "/referrals", body)))).toEqual({ status: 401, body: { code: "UNKNOWN_KEY" } });
  });

  it("refuses an unsigned request: 401 MISSING_HEADERS", async () => {
    expect(await answer(await post({}))).toEqual({ status: 401, body: { code: "MISSING_HEADERS" } });
  });

  it("refuses a signed status read with a replayed nonce too", async () => {
    const path = "/referrals/nothing/status";
    const headers = signRequest(secret, keyId, "GET", path, "");
    expect((await fetch(`${sim.url}${path}`, { headers })).status).toBe(404);
    expect(await answer(await fetch(`${sim.url}${path}`, { headers }))).toEqual({ status: 401, body: { code: "REPLAYED" } });
  });

  it("requires an idempotency key on deliveries: 400", async () => {
    const headers = signRequest(secret, keyId, "POST", "/referrals", body);
    const res = await fetch(`${sim.url}/referrals`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    expect(await answer(res)).toEqual({ status: 400, body: { code: "MISSING_IDEMPOTENCY_KEY" } });
  });

  it("none of the refused requests created a case", async () => {
    await post(signRequest("wrong-secret-wrong-secret", keyId, "POST", "/referrals", body));
    await post({});
    expect(sim.received()).toHaveLength(0);
  });

  it("a connector configured with the wrong secret gets PERMANENT (401): retrying cannot fix configuration", async () => {
    const wrong = connectorFor(started, { secret: "not-the-partners-secret-000" });
    expect(await caught(wrong.deliver(sampleDelivery(code)))).toMatchObject({ kind: "PERMANENT", status: 401 });
    await wrong.close?.();
  });

  it("a base URL written with a trailing slash still signs and reaches /referrals", async () => {
    const connector = connectorFor(started, { baseUrl: `${sim.url}/` });
    await expect(connector.deliver(sampleDelivery(code))).resolves.toMatchObject({ duplicate: false });
    await connector.close?.();
  });
});
