/** startAllSimulators as the hub's start command will use it: one AGENCY_ENDPOINTS_JSON reaching every partner. */
import { parseAgencyEndpoints } from "../../src/connectors/config";
import { closeConnectors, createConnectors } from "../../src/connectors/registry";
import { RunningSimulators, startAllSimulators } from "../simulators";
import { HUB_TEST_KEYS, sampleDelivery } from "./contract-harness";

let sims: RunningSimulators;
beforeAll(async () => {
  sims = await startAllSimulators({ ackDelayMs: 30, respondDelayMs: 60 });
});
afterAll(() => sims.stop());

it("describes every agency: Ed25519 callback keys (JMC: an HMAC key id and secret), GraphQL ones with a token, DY_FL and JMC polled", () => {
  const endpoints = parseAgencyEndpoints(sims.endpointsJson);
  expect(Object.keys(endpoints).sort()).toEqual(["DY_CL", "DY_FL", "DY_RSJ", "DY_TYJR", "JMC", "NGQ", "SL_YT"]);
  for (const [code, e] of Object.entries(endpoints)) {
    expect(e.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(e.mode).toBe(code === "DY_FL" || code === "JMC" ? "poll" : "callback");
    if (code === "JMC") expect(e).toMatchObject({ signature: "hmac-sha256", keyId: expect.any(String), secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    else expect(e).toMatchObject({ signature: "ed25519", callbackKeys: { keys: [{ kty: "OKP", crv: "Ed25519", kid: expect.any(String), x: expect.any(String) }] } });
    if (e.protocol === "GRAPHQL") expect(e.token).toEqual(expect.any(String));
  }
  expect(Object.entries(endpoints).filter(([, e]) => e.protocol === "GRAPHQL").map(([c]) => c).sort()).toEqual(["DY_TYJR", "SL_YT"]);
});

it("a referral flows to every agency and is answered", async () => {
  const connectors = createConnectors(parseAgencyEndpoints(sims.endpointsJson), { hubKeys: HUB_TEST_KEYS });
  try {
    for (const [code, connector] of connectors) {
      const d = sampleDelivery(code);
      const { externalRef } = await connector.deliver(d);
      await new Promise((r) => setTimeout(r, 100));
      await expect(connector.fetchStatus(d.referralId, externalRef)).resolves.toMatchObject({ status: "RESPONDED" });
      expect(sims.simulators.get(code)!.received()).toHaveLength(1);
    }
  } finally {
    await closeConnectors(connectors);
  }
});
