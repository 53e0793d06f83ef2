/** AGENCY_ENDPOINTS_JSON parsing and the registry built from it. */
import { parseAgencyEndpoints } from "../../src/connectors/config";
import { AGENCY_CLIENTS, createConnectors } from "../../src/connectors/registry";

const REST = { protocol: "REST_HMAC", baseUrl: "https://cl.example.gov.cn/api/v1", keyId: "hub-1", secret: "0123456789abcdef0123", mode: "callback" };
const GQL = { protocol: "GRAPHQL", baseUrl: "https://tyjr.example.gov.cn", token: "t0k3n", mode: "poll", rateLimitPerSecond: 5 };

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
      DY_CL: { ...REST, timeoutMs: 5000 },
      DY_TYJR: { ...GQL, timeoutMs: 2000 },
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
        DY_CL: { ...REST, secret: "short-secret", baseUrl: "ftp://cl.example", timeoutMs: -1 },
        DY_TYJR: { ...GQL, token: undefined, mode: "push", colour: "red" },
      }),
    );
    const lines = message.split("\n").slice(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.DY_CL.baseUrl:"),
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.DY_CL.secret: must be at least 16 characters"),
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.DY_CL.timeoutMs:"),
        expect.stringContaining("AGENCY_ENDPOINTS_JSON.DY_TYJR.mode:"),
        expect.stringContaining("colour"),
      ]),
    );
    expect(message).not.toContain("short-secret");
  });

  it("requires keyId and secret for REST_HMAC and a token for GRAPHQL", () => {
    const message = errorOf(JSON.stringify({ DY_CL: { ...REST, keyId: undefined, secret: undefined }, SL_YT: { ...GQL, token: undefined } }));
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.DY_CL.keyId: required for REST_HMAC");
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.DY_CL.secret: required for REST_HMAC");
    expect(message).toContain("AGENCY_ENDPOINTS_JSON.SL_YT.token: required for GRAPHQL");
  });

  it("refuses codes that are not organisation codes", () => {
    expect(errorOf(JSON.stringify({ "dy cl": REST }))).toContain("agency codes are like DY_CL");
  });
});

describe("createConnectors", () => {
  it("builds the client of each configured agency with its protocol", async () => {
    const connectors = createConnectors(parseAgencyEndpoints(JSON.stringify({ DY_CL: REST, DY_TYJR: GQL })));
    expect([...connectors.values()].map((c) => [c.agencyCode, c.protocol])).toEqual([
      ["DY_CL", "REST_HMAC"],
      ["DY_TYJR", "GRAPHQL"],
    ]);
    await Promise.all([...connectors.values()].map((c) => c.close?.()));
  });

  it("knows all seven partners and special units", () => {
    expect(Object.keys(AGENCY_CLIENTS).sort()).toEqual(["DY_CL", "DY_FL", "DY_RSJ", "DY_TYJR", "JMC", "NGQ", "SL_YT"]);
  });

  it("refuses an agency without a client, and a protocol its client does not speak", () => {
    expect(() => createConnectors(parseAgencyEndpoints(JSON.stringify({ DY_XX: REST })))).toThrow("AGENCY_ENDPOINTS_JSON.DY_XX: no connector for this agency");
    expect(() => createConnectors(parseAgencyEndpoints(JSON.stringify({ DY_CL: { ...GQL } })))).toThrow("AGENCY_ENDPOINTS_JSON.DY_CL.protocol: this agency speaks REST_HMAC, not GRAPHQL");
  });
});
