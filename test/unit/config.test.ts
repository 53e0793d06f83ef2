import { ConfigError, loadConfig } from "../../src/platform/config";
import { earlyWarningFrom } from "../../src/platform/early-warning-config";
import { bottomLinesFrom } from "../../src/platform/bottom-line-config";

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

  it("bottom lines: group 5, large-scale 50, posts watched from 1 000 and breached from 10 000, reports due 1/2/2 h, 1 h to sign; each configurable", () => {
    expect(bottomLinesFrom(loadConfig({}))).toEqual({ groupMin: 5, largeGroupMin: 50, opinionWatchReach: 1000, opinionBreachReach: 10000, reportHours: { CITY_LEADERSHIP: 1, PROVINCIAL_BUREAU: 2, NATIONAL_BUREAU: 2 }, breachAckHours: 1, leaders: {}, utcOffsetMinutes: 480 });
    const c = bottomLinesFrom(loadConfig({ BOTTOM_LINE_LARGE_GROUP_MIN: "30", URGENT_REPORT_CITY_HOURS: "0.5", BOTTOM_LINE_LEADERS: "GRX_XFJ=副县长王某,LJX_XFJ=副县长刘某" }));
    expect([c.largeGroupMin, c.reportHours.CITY_LEADERSHIP, c.leaders]).toEqual([30, 0.5, { GRX_XFJ: "副县长王某", LJX_XFJ: "副县长刘某" }]);
    const msg = fails({ BOTTOM_LINE_GROUP_MIN: "60", BOTTOM_LINE_OPINION_WATCH_REACH: "20000", BOTTOM_LINE_LEADERS: "GRX_XFJ:王某" });
    for (const v of ["BOTTOM_LINE_GROUP_MIN", "BOTTOM_LINE_OPINION_WATCH_REACH", "BOTTOM_LINE_LEADERS"]) expect(msg).toContain(v);
  });

  it("early warning: 3 days to consult, the seven grid-force roles, alerts from HIGH, 24 h to acknowledge; each configurable", () => {
    expect(earlyWarningFrom(loadConfig({}))).toEqual({ consultationDays: 3, reporterRoles: ["GRID_WORKER", "MEDIATOR", "JUDGE", "PROSECUTOR", "POLICE_OFFICER", "ELDER_VOLUNTEER", "LAWYER"], alertGrade: "HIGH", alertAckHours: 24 });
    expect(earlyWarningFrom(loadConfig({ LEDGER_CONSULTATION_DAYS: "2", LEDGER_REPORTER_ROLES: "GRID_WORKER,VILLAGE_CADRE", LEDGER_ALERT_GRADE: "MEDIUM", ALERT_ACK_HOURS: "4" }))).toEqual({ consultationDays: 2, reporterRoles: ["GRID_WORKER", "VILLAGE_CADRE"], alertGrade: "MEDIUM", alertAckHours: 4 });
    const msg = fails({ LEDGER_REPORTER_ROLES: "grid worker", LEDGER_ALERT_GRADE: "EXTREME", LEDGER_CONSULTATION_DAYS: "0" });
    for (const v of ["LEDGER_REPORTER_ROLES", "LEDGER_ALERT_GRADE", "LEDGER_CONSULTATION_DAYS"]) expect(msg).toContain(v);
  });

  it("names every wrong variable in one message, never the value it got", () => {
    const msg = fails({ PORT: "70000", DATABASE_URL: "postgres://x", HUB_ROLE: "both", REDIS_URL: "localhost:6379" });
    expect(msg).toMatch(/PORT: /);
    expect(msg).toMatch(/DATABASE_URL: must be mysql:\/\//);
    expect(msg).toMatch(/HUB_ROLE/);
    expect(msg).toMatch(/REDIS_URL: must be redis:\/\//);
    for (const v of ["70000", "postgres://x", "both", "localhost:6379"]) expect(msg).not.toContain(v);
  });

  it("does not echo a password or a short secret it rejects", () => {
    const msg = fails({ DATABASE_URL: "postgres://hub:Hunter2-db-pass@db:5432/hub", REDIS_URL: "redis-pass-s3cr3t@cache:6379", PII_CIPHER: "des-secret-xyz", ACCESS_TOKEN_TTL_SECONDS: "86400" });
    expect(msg).toMatch(/DATABASE_URL/);
    expect(msg).toMatch(/REDIS_URL/);
    expect(msg).toMatch(/PII_CIPHER/);
    for (const v of ["Hunter2-db-pass", "s3cr3t", "des-secret-xyz", "86400"]) expect(msg).not.toContain(v);
  });

  it("refuses production without personal-data keys", () => {
    expect(fails({ NODE_ENV: "production" })).toMatch(/PII_KEYS_JSON: personal-data keys must be configured in production/);
    expect(fails({ NODE_ENV: "production", PII_KEYS_FILE: "/etc/hub/pii.json" })).not.toMatch(/PII_KEYS/);
  });

  it("refuses production without signing keys, has no JWT secret at all, and listens on loopback by default", () => {
    expect(fails({ NODE_ENV: "production", PII_KEYS_FILE: "/etc/hub/pii.json" })).toMatch(/JWT_KEYS_FILE: signing keys must be configured in production/);
    // A worker signs and verifies nothing, so it needs no signing keys.
    expect(loadConfig({ NODE_ENV: "production", HUB_ROLE: "worker", PII_KEYS_FILE: "/etc/hub/pii.json" }).JWT_KEYS_FILE).toBeUndefined();
    expect(loadConfig({ NODE_ENV: "production", PII_KEYS_FILE: "/etc/hub/pii.json", JWT_KEYS_FILE: "/etc/hub/jwks.json" }).NODE_ENV).toBe("production");
    expect("JWT_SECRET" in loadConfig({ JWT_SECRET: "x".repeat(40) })).toBe(false);
    expect(loadConfig({}).HOST).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });

  it("caps issued token lifetimes at 15 minutes and wants the external provider configured completely", () => {
    expect(loadConfig({}).ACCESS_TOKEN_TTL_SECONDS).toBe(900);
    expect(fails({ ACCESS_TOKEN_TTL_SECONDS: "901" })).toMatch(/ACCESS_TOKEN_TTL_SECONDS: at most 900/);
    expect(fails({ OIDC_ISSUER: "https://sso.example/realms/city" })).toMatch(/OIDC_ISSUER: set OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL together/);
    expect(fails({ OIDC_ISSUER: "petition-hub", OIDC_AUDIENCE: "hub", OIDC_JWKS_URL: "https://sso.example/certs" })).toMatch(/must differ from JWT_ISSUER/);
    expect(fails({ OIDC_ROLE_MAP_JSON: '{"admin":"GATEWAY"}' })).toMatch(/OIDC_ROLE_MAP_JSON/);
    expect(loadConfig({ OIDC_ROLE_MAP_JSON: '{"case-officer":"CASE_OFFICER"}' }).OIDC_ROLE_MAP_JSON).toBeDefined();
  });

  it("merges clock policy overrides and rejects unknown clocks or bad values", () => {
    expect(loadConfig({ CLOCK_POLICY_JSON: '{"rules":{"HANDLING":{"days":90}},"maxExtensionDays":20}' }).clockPolicy).toMatchObject({ maxExtensionDays: 20, rules: { HANDLING: { days: 90, counting: "CALENDAR" } } });
    expect(fails({ CLOCK_POLICY_JSON: '{"rules":{"LUNCH":{"days":1}}}' })).toMatch(/LUNCH: unknown clock/);
    expect(fails({ CLOCK_POLICY_JSON: '{"rules":{"HANDLING":{"days":-1}}}' })).toMatch(/HANDLING/);
    expect(fails({ CLOCK_POLICY_JSON: "{not json" })).toMatch(/CLOCK_POLICY_JSON: not valid JSON/);
    expect(loadConfig({ CLOCK_POLICY_JSON: '{"rules":{"HANDLING":{"suspendedIn":["HEARING"]}},"reviewWindowCategories":["APPEAL_REQUEST","SUGGESTION"],"mediationEndsMatter":false}' }).clockPolicy).toMatchObject({
      rules: { HANDLING: { suspendedIn: ["HEARING"] }, REREVIEW_OPINION: { suspendedIn: ["HEARING"] } },
      reviewWindowCategories: ["APPEAL_REQUEST", "SUGGESTION"],
      mediationEndsMatter: false,
    });
    expect(fails({ CLOCK_POLICY_JSON: '{"rules":{"HANDLING":{"suspendedIn":["LUNCH"]}}}' })).toMatch(/HANDLING/);
    expect(fails({ CLOCK_POLICY_JSON: '{"reviewWindowCategories":["COMPLAINT"]}' })).toMatch(/reviewWindowCategories/);
    expect(fails({ CLOCK_POLICY_JSON: '{"mediationEndsMatter":"yes"}' })).toMatch(/mediationEndsMatter/);
  });

  it("validates calendar overrides", () => {
    expect(loadConfig({ CALENDAR_OVERRIDES_JSON: '{"2027-01-01":"HOLIDAY"}' }).calendarOverrides).toEqual({ "2027-01-01": "HOLIDAY" });
    expect(fails({ CALENDAR_OVERRIDES_JSON: '{"2027-1-1":"HOLIDAY"}' })).toMatch(/CALENDAR_OVERRIDES_JSON/);
  });
});
