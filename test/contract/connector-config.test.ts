/** AGENCY_ENDPOINTS_JSON parsing and the registry built from it. */
import { parseAgencyEndpoints } from "../../src/connectors/config";
import { HubSigningKeys } from "../../src/connectors/http-signatures/keys";
import { PARTNER_MAPPINGS } from "../../src/connectors/partners";
import { createConnectors } from "../../src/connectors/registry";

const PARTNER_KEY = { kty: "OKP", crv: "Ed25519", kid: "cl-2026-01", x: "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs" };
const REST = { protocol: "REST_HMAC", baseUrl: "https://cl.example.gov.cn/api/v1", callbackKeys: { keys: [PARTNER_KEY] }, mode: "callback" };
const HMAC = { protocol: "REST_HMAC", baseUrl: "https://jmc.example.gov.cn/api", signature: "hmac-sha256", keyId: "jmc-1", secret: "0123456789abcdef0123456789abcdef" };
const GQL = { protocol: "GRAPHQL", baseUrl: "https://tyjr.example.gov.cn", token: "t0k3n", mode: "poll", rateLimitPerSecond: 5 };
const hubKeys = HubSigningKeys.generate("hub-test");

function errorOf(json: string): string {
  try {
    parseAgencyEndpoints(json);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected parseAgencyEndpoints to throw");
}

describe("parseAgencyEndpoints", () => {
  it("parses settings keyed by organisation code and applies the 5 s default timeout", () => {
    expect(parseAgencyEndpoints(JSON.stringify({ DY_CL: REST, DY_TYJR: { ...GQL, timeoutMs: 2000 } }))).toEqual({
      DY_CL: { ...REST, signature: "ed25519", timeoutMs: 5000 },
      DY_TYJR: { ...GQL, signature: "ed25519", timeoutMs: 2000 },
    });
  });

  it("accepts circuit-breaker tuning", () => {
    const parsed = parseAgencyEndpoints(JSON.stringify({ DY_CL: { ...REST, circuit: { resetTimeoutMs: 1000, volumeThreshold: 10 } } }));
    expect(parsed.DY_CL.circuit).toEqual({ resetTimeoutMs: 1000, volumeThreshold: 10 });
  });

  it("accepts an empty object (no agencies linked yet)", () => {
    expect(parseAgencyEndpoints("{}")).toEqual({});
  });

  it("refuses text that is not JSON", () => {
    expect(errorOf("{DY_CL:")).toBe("AGENCY_ENDPOINTS_JSON: not valid JSON");
  });

  it("lists every wrong field on its own line, never echoing secrets", () => {
    const message = errorOf(
      JSON.stringify({
        JMC: { ...HMAC, secret: "short-secret", baseUrl: "ftp://cl.example", timeoutMs: -1 },
        DY_TYJR: { ...GQL, token: undefined, mode: "push", colour: "red" },
      }),
    );
    const lines = message.split("\n").slice(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.JMC.baseUrl:"),
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.JMC.secret: must be at least 32 characters"),
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.JMC.timeoutMs:"),
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.DY_TYJR.mode:"),
        expect.stringContaining("colour"),
      ]),
    );
    expect(message).not.toContain("short-secret");
  });

  it("requires keyId and secret for hmac-sha256, refuses a secret without it, and a token for GRAPHQL", () => {
    const message = errorOf(JSON.stringify({ JMC: { ...HMAC, keyId: undefined, secret: undefined }, DY_CL: { ...REST, secret: "0123456789abcdef0123456789abcdef" }, SL_YT: { ...GQL, token: undefined } }));
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.JMC.keyId: required for hmac-sha256");
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.JMC.secret: required for hmac-sha256");
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.DY_CL.secret: only for signature hmac-sha256");
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.SL_YT.token: required for GRAPHQL");
  });

  it("takes the delivery mode from the partner's mapping when not configured", () => {
    const parsed = parseAgencyEndpoints(JSON.stringify({ JMC: HMAC, DY_CL: { ...REST, mode: undefined } }));
    expect([parsed.JMC.mode, parsed.DY_CL.mode]).toEqual(["poll", "callback"]);
  });

  it("refuses a callback key id used by two partners (a keyid decides whom a callback acts as)", () => {
    const message = errorOf(JSON.stringify({ DY_CL: REST, NGQ: REST }));
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.NGQ.callbackKeys: key id already used by DY_CL");
  });

  it("refuses a callback key that is not an Ed25519 public JWK", () => {
    expect(errorOf(JSON.stringify({ DY_CL: { ...REST, callbackKeys: { keys: [{ ...PARTNER_KEY, crv: "P-256" }] } } }))).toContain("DY_CL.callbackKeys.keys.0.crv");
  });

  it("refuses codes that are not organisation codes", () => {
    expect(errorOf(JSON.stringify({ "dy cl": REST }))).toContain("agency codes are like DY_CL");
  });
});

describe("createConnectors", () => {
  it("builds the client of each configured agency with its protocol", async () => {
    const connectors = createConnectors(parseAgencyEndpoints(JSON.stringify({ DY_CL: REST, DY_TYJR: GQL, JMC: HMAC })), { hubKeys });
    expect([...connectors.values()].map((c) => [c.agencyCode, c.protocol])).toEqual([
      ["DY_CL", "REST_HMAC"],
      ["DY_TYJR", "GRAPHQL"],
      ["JMC", "REST_HMAC"],
    ]);
    await Promise.all([...connectors.values()].map((c) => c.close?.()));
  });

  it("knows all seven partners and special units", () => {
    expect(Object.keys(PARTNER_MAPPINGS).sort()).toEqual(["DY_CL", "DY_FL", "DY_RSJ", "DY_TYJR", "JMC", "NGQ", "SL_YT"]);
  });

  it("refuses an agency without a client, and a protocol its client does not speak", () => {
    expect(() => createConnectors(parseAgencyEndpoints(JSON.stringify({ DY_XX: REST })), { hubKeys })).toThrow("AGENCY_ENDPOINTS_JSON.DY_XX: no connector for this agency");
    expect(() => createConnectors(parseAgencyEndpoints(JSON.stringify({ DY_CL: { ...GQL } })), { hubKeys })).toThrow("AGENCY_ENDPOINTS_JSON.DY_CL.protocol: this agency speaks REST_HMAC, not GRAPHQL");
    expect(() => createConnectors(parseAgencyEndpoints(JSON.stringify({ DY_CL: REST })))).toThrow("signature ed25519 needs the hub's signing key");
  });
});
