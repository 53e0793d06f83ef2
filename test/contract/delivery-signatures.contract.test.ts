/**
 * The partners' side of request signing, called directly: the simulators verify the hub's RFC 9421 signatures with
 * their own implementation (test/simulators/partner-signatures.ts, no hub code), so these tests check the hub's
 * signer against an independent verifier, and that a tampered, re-aimed, replayed, stale, wrongly keyed or unsigned
 * request is refused and creates nothing.
 */
import { requestSigner } from "../../src/connectors/http-signatures/request-signer";
import { HubSigningKeys } from "../../src/connectors/http-signatures/keys";
import { createConnectors } from "../../src/connectors/registry";
import { SigningKey, signRequest } from "../../src/connectors/http-signatures/message-signatures";
import { contentDigest } from "../../src/connectors/http-signatures/content-digest";
import { SimulatorHandle, StartedSimulator, startAgencySimulator } from "../simulators";
import { AGENCIES, HUB_TEST_KEYS, caught, connectorFor, sampleDelivery } from "./contract-harness";

describe.each(AGENCIES)("%s (%s) simulator refuses badly signed requests", (code, protocol) => {
  let started: StartedSimulator;
  let sim: SimulatorHandle;
  let key: SigningKey;
  /** A valid request body in this partner's shape, produced by its own connector. */
  let body: string;
  let url: string;

  beforeAll(async () => {
    started = await startAgencySimulator(code, { ackDelayMs: Infinity, respondDelayMs: Infinity });
    sim = started.simulator;
    const s = started.settings;
    key = s.signature === "hmac-sha256" ? { kid: s.keyId!, alg: "hmac-sha256", secret: Buffer.from(s.secret!) } : HUB_TEST_KEYS.active;
    const connector = connectorFor(started);
    await connector.deliver(sampleDelivery(code));
    const delivered = sim.received()[0].body;
    await connector.close?.();
    url = protocol === "REST_HMAC" ? `${sim.url}/referrals` : `${sim.url}/graphql`;
    body =
      protocol === "REST_HMAC"
        ? JSON.stringify(delivered)
        : JSON.stringify({ query: "mutation($input: " + (code === "DY_TYJR" ? "VeteranReferralInput" : "OilfieldCaseInput") + "!) { receiveReferral(input: $input) { ref duplicate } }", variables: { input: delivered } });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.control.reset());

  const auth = (): Record<string, string> => (started.settings.token ? { authorization: `Bearer ${started.settings.token}` } : {});
  const post = (headers: Record<string, string>, text = body, to = url) =>
    fetch(to, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": `k-${Math.random()}`, ...auth(), ...headers }, body: text });
  const refusal = async (res: Response) => {
    const json = (await res.json()) as { code?: string; errors?: { extensions: { code: string } }[] };
    return { status: res.status, code: json.code ?? json.errors?.[0].extensions.code };
  };
  const signed = (k: SigningKey = key, over: { now?: Date; to?: string; text?: string } = {}) => {
    const headers = { "content-digest": contentDigest(over.text ?? body) };
    return { ...headers, ...signRequest({ method: "POST", targetUri: over.to ?? url, headers }, k, { now: over.now }) };
  };

  it("accepts a request signed by the hub's signer", async () => {
    const res = await post(requestSigner(key)("POST", url, body));
    expect(res.status).toBeLessThan(300);
    expect(sim.received()).toHaveLength(1);
  });

  it("refuses a tampered body (digest no longer matches): 401 DIGEST_MISMATCH", async () => {
    const tampered = body.replace("东营区文汇街道", "河口区");
    expect(tampered).not.toBe(body);
    expect(await refusal(await post(signed(), tampered))).toEqual({ status: 401, code: "DIGEST_MISMATCH" });
  });

  it("refuses a tampered body with a recomputed digest: 401 BAD_SIGNATURE", async () => {
    const tampered = body.replace("东营区文汇街道", "河口区");
    expect(await refusal(await post({ ...signed(), "content-digest": contentDigest(tampered) }, tampered))).toEqual({ status: 401, code: "BAD_SIGNATURE" });
  });

  it("refuses a request signed for another target URI: 401 BAD_SIGNATURE", async () => {
    expect(await refusal(await post(signed(key, { to: `${sim.url}/elsewhere` })))).toEqual({ status: 401, code: "BAD_SIGNATURE" });
  });

  it("refuses a signature by a key it does not trust under a trusted key id: 401 BAD_SIGNATURE", async () => {
    const impostor: SigningKey = key.alg === "ed25519" ? { ...HubSigningKeys.generate(key.kid).active } : { ...key, secret: Buffer.from("not-the-partners-secret-0000000000") };
    expect(await refusal(await post(signed(impostor)))).toEqual({ status: 401, code: "BAD_SIGNATURE" });
  });

  it("refuses an unknown key id: 401 UNKNOWN_KEY", async () => {
    expect(await refusal(await post(signed({ ...key, kid: "someone-else" } as SigningKey)))).toEqual({ status: 401, code: "UNKNOWN_KEY" });
  });

  it("refuses the same signed request twice: 401 REPLAYED, one case", async () => {
    const headers = signed();
    expect((await post(headers)).status).toBeLessThan(300);
    expect(await refusal(await post(headers))).toEqual({ status: 401, code: "REPLAYED" });
    expect(sim.received()).toHaveLength(1);
  });

  it("refuses created more than 300 s off: 401 STALE", async () => {
    expect(await refusal(await post(signed(key, { now: new Date(Date.now() - 301_000) })))).toEqual({ status: 401, code: "STALE" });
  });

  it("refuses an unsigned request: 401 MISSING_SIGNATURE; none of the refused requests created a case", async () => {
    expect(await refusal(await post({}))).toEqual({ status: 401, code: "MISSING_SIGNATURE" });
    expect(sim.received()).toHaveLength(0);
  });

  it("a connector signing with a key the partner does not trust gets PERMANENT (401): retrying cannot fix configuration", async () => {
    const s = started.settings;
    const wrong =
      s.signature === "hmac-sha256"
        ? connectorFor(started, { secret: "not-the-partners-secret-000000000000" })
        : createConnectors({ [code]: s }, { hubKeys: HubSigningKeys.generate(HUB_TEST_KEYS.active.kid) }).get(code)!;
    expect(await caught(wrong.deliver(sampleDelivery(code)))).toMatchObject({ kind: "PERMANENT", status: 401 });
    await wrong.close?.();
  });

  it("a base URL written with a trailing slash still signs the URI it sends to", async () => {
    const connector = connectorFor(started, { baseUrl: `${sim.url}/` });
    await expect(connector.deliver(sampleDelivery(code))).resolves.toMatchObject({ duplicate: false });
    await connector.close?.();
  });
});
