import { ConfigError, loadConfig } from "../../src/platform/config";

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration is validated at start-up", () => {
  it("defaults to the embedded hub", () => {
    const c = loadConfig({});
    expect([c.DATABASE_URL, c.REDIS_URL, c.PORT, c.HUB_ROLE, c.clockPolicy.rules.HANDLING.days]).toEqual(["sqlite:.data/hub.sqlite", undefined, 4000, "all", 60]);
  });

  it("names every wrong variable in one message, with the value it got", () => {
    const msg = fails({ PORT: "70000", DATABASE_URL: "postgres://x", HUB_ROLE: "both", REDIS_URL: "localhost:6379" });
    expect(msg).toMatch(/PORT: .*"70000"/);
    expect(msg).toMatch(/DATABASE_URL: must be mysql:\/\/.*"postgres:\/\/x"/);
    expect(msg).toMatch(/HUB_ROLE/);
    expect(msg).toMatch(/REDIS_URL: must be redis:\/\//);
  });

  it("refuses the development JWT secret in production", () => {
    expect(fails({ NODE_ENV: "production" })).toMatch(/JWT_SECRET: the development secret must not be used in production/);
    expect(loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(40) }).NODE_ENV).toBe("production");
  });

  it("merges clock policy overrides and rejects unknown clocks or bad values", () => {
    expect(loadConfig({ CLOCK_POLICY_JSON: '{"rules":{"HANDLING":{"days":90}},"maxExtensionDays":20}' }).clockPolicy).toMatchObject({ maxExtensionDays: 20, rules: { HANDLING: { days: 90, counting: "CALENDAR" } } });
    expect(fails({ CLOCK_POLICY_JSON: '{"rules":{"LUNCH":{"days":1}}}' })).toMatch(/LUNCH: unknown clock/);
    expect(fails({ CLOCK_POLICY_JSON: '{"rules":{"HANDLING":{"days":-1}}}' })).toMatch(/HANDLING/);
    expect(fails({ CLOCK_POLICY_JSON: "{not json" })).toMatch(/CLOCK_POLICY_JSON: not valid JSON/);
  });

  it("validates calendar overrides", () => {
    expect(loadConfig({ CALENDAR_OVERRIDES_JSON: '{"2027-01-01":"HOLIDAY"}' }).calendarOverrides).toEqual({ "2027-01-01": "HOLIDAY" });
    expect(fails({ CALENDAR_OVERRIDES_JSON: '{"2027-1-1":"HOLIDAY"}' })).toMatch(/CALENDAR_OVERRIDES_JSON/);
  });
});
