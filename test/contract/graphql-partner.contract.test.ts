/**
 * What only GraphQL partners add to the contract: bearer-token authentication, and errors inside a 200 answer
 * classified by extensions.code.
 */
import { SimulatorHandle, StartedSimulator, startAgencySimulator } from "../simulators";
import { requestSigner } from "../../src/connectors/http-signatures/request-signer";
import { GRAPHQL_AGENCIES, HUB_TEST_KEYS, caught, connectorFor, sampleDelivery } from "./contract-harness";

describe.each(GRAPHQL_AGENCIES)("%s GraphQL partner", (code) => {
  let started: StartedSimulator;
  let sim: SimulatorHandle;

  beforeAll(async () => {
    started = await startAgencySimulator(code, { ackDelayMs: Infinity, respondDelayMs: Infinity, circuit: { volumeThreshold: 3, resetTimeoutMs: 60_000 } });
    sim = started.simulator;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.control.reset());

  /** A request signed as the hub signs (the simulator checks signatures after the token). */
  const graphql = (token: string, query: string) => {
    const body = JSON.stringify({ query });
    const signed = requestSigner(HUB_TEST_KEYS.active)("POST", `${sim.url}/graphql`, body);
    return fetch(`${sim.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...signed }, body });
  };

  it("refuses a wrong or missing bearer token with 401", async () => {
    const wrong = await graphql("not-the-token", "{ referralStatus(ref: \"x\") { ref } }");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ errors: [{ extensions: { code: "UNAUTHENTICATED" } }] });
    expect((await fetch(`${sim.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);
  });

  it("a connector with the wrong token gets PERMANENT (401)", async () => {
    const connector = connectorFor(started, { token: "stale-token" });
    expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "PERMANENT", status: 401 });
    expect(sim.received()).toHaveLength(0);
    await connector.close?.();
  });

  it("answers a document against its schema like Apollo: 400 GRAPHQL_VALIDATION_FAILED for an unknown field", async () => {
    const res = await graphql(started.settings.token!, "{ referralStatus(ref: \"x\") { noSuchField } }");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
  });

  it("BAD_USER_INPUT inside a 200 is PERMANENT and does not count against the circuit", async () => {
    const connector = connectorFor(started);
    sim.control.failNext(Infinity, 200, { body: { data: null, errors: [{ message: "petitionNo unknown", extensions: { code: "BAD_USER_INPUT" } }] } });
    for (let i = 0; i < 5; i++) expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "PERMANENT", status: 200 });
    expect(sim.requests()).toBe(5);
    await connector.close?.();
  });

  it("other GraphQL error codes inside a 200 are RETRYABLE and do count against the circuit", async () => {
    const connector = connectorFor(started);
    sim.control.failNext(Infinity, 200, { body: { data: null, errors: [{ message: "database down", extensions: { code: "INTERNAL_SERVER_ERROR" } }] } });
    for (let i = 0; i < 3; i++) expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "RETRYABLE", status: 200 });
    expect((await caught(connector.deliver(sampleDelivery(code)))).message).toContain("circuit open");
    expect(sim.requests()).toBe(3);
    await connector.close?.();
  });

  it("an error without a code is RETRYABLE", async () => {
    const connector = connectorFor(started);
    sim.control.failNext(1, 200, { body: { errors: [{ message: "something happened" }] } });
    expect(await caught(connector.deliver(sampleDelivery(code)))).toMatchObject({ kind: "RETRYABLE" });
    await connector.close?.();
  });

  it("carries the idempotency key inside the input, where the partner's schema puts it", async () => {
    const connector = connectorFor(started);
    const d = sampleDelivery(code);
    await connector.deliver(d);
    expect(Object.values(sim.received()[0].body as Record<string, unknown>)).toContain(d.idempotencyKey);
    await connector.close?.();
  });
});
