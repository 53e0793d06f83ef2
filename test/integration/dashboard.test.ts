import { sweepDeadlines } from "../../src/commands/sweep-deadlines";
import { Role } from "../../src/domain/petition-terms";
import { dateParam } from "../../src/db/sql-params";
import { startTestHub, TestHub } from "../factories/test-hub";

// Query.dashboard over HTTP on a fresh database: three petitions, two of them made overdue and swept, seen by the
// city bureau (everything), the 广饶 county office (its locality, minus the accusation against itself), the 利津
// county office, and 残联 (its own referral). Every expected figure below is counted by hand from those three items.

const SUBMIT = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id number } }`;
const DASHBOARD = `{ dashboard { scope openPetitions overdue inHearing referralsWaiting overdueByKind { kind count }
  localities { orgCode open overdue byKind { kind count } } agencies { agencyCode open overdue responded }
  trend { day count } alerts { petitionId petitionNumber localityName kind level } } }`;

interface Dashboard {
  scope: string;
  openPetitions: number;
  overdue: number;
  inHearing: number;
  referralsWaiting: number;
  overdueByKind: { kind: string; count: number }[];
  localities: { orgCode: string; open: number; overdue: number; byKind: { kind: string; count: number }[] }[];
  agencies: { agencyCode: string; open: number; overdue: number; responded: number }[];
  trend: { day: string; count: number }[];
  alerts: { petitionId: string; petitionNumber: string; localityName: string; kind: string; level: string }[];
}

let t: TestHub;
const petitions: Record<string, { id: string; number: string }> = {};

async function dashboard(org: string, roles: Role[]): Promise<Dashboard> {
  const r = await t.gql<{ dashboard: Dashboard }>(await t.token(org, roles), DASHBOARD);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.dashboard;
}

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  const token = await t.token("DY_XFJ", [Role.REGISTRAR]);
  const grx = String((await t.org("GRX_XFJ")).id);
  const ljx = String((await t.org("LJX_XFJ")).id);
  const base = { channel: "VISIT", request: "请求处理", anonymous: true };
  const items: Record<string, Record<string, unknown>> = {
    a: { ...base, category: "APPEAL_REQUEST", localityOrgId: grx, summary: "广饶 道路积水" },
    // An accusation against the 广饶 office itself, located in 广饶: the office must never count it.
    c: { ...base, category: "ACCUSATION", localityOrgId: grx, accusedOrgId: grx, summary: "广饶 信访局 推诿" },
    // 残联 joins through the DISABLED special group: one outbound referral to DY_CL.
    b: { ...base, category: "APPEAL_REQUEST", localityOrgId: ljx, summary: "利津 残疾人补贴", specialGroups: ["DISABLED"], anonymous: false, petitioners: [{ name: "张某", disabled: true }] },
  };
  for (const [k, i] of Object.entries(items)) {
    const r = await t.gql<{ submitPetition: { id: string; number: string } }>(token, SUBMIT, { i });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    petitions[k] = r.data!.submitPetition;
  }
  // a's and c's routing clocks fall due an hour ago; the sweep (run here, at the real now) breaches them: two red alerts.
  const now = new Date();
  for (const k of ["a", "c"])
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ?", [dateParam(t.hub.deps.db, new Date(now.getTime() - 3_600_000)), petitions[k].id]);
  const swept = await sweepDeadlines(t.hub.deps, now);
  expect(swept.red).toBe(2);
});
afterAll(() => t?.stop());

const heat = (d: Dashboard, code: string) => d.localities.find((l) => l.orgCode === code)!;

describe("Query.dashboard", () => {
  it("the city bureau counts everything", async () => {
    const d = await dashboard("DY_XFJ", [Role.LEADER]);
    expect(d.scope).toBe("all");
    // Three registered items, all waiting to be routed (REGISTERED is open work); none in a hearing.
    expect(d.openPetitions).toBe(3);
    expect(d.inHearing).toBe(0);
    // a and c: the Art. 22 routing clock, breached.
    expect(d.overdue).toBe(2);
    expect(d.overdueByKind).toEqual([{ kind: "ROUTING", count: 2 }]);
    // The eight places: five counties/districts, three special units.
    expect(d.localities.map((l) => l.orgCode).sort()).toEqual(["DYQ_XFJ", "GRX_XFJ", "HKQ_XFJ", "JMC", "KLQ_XFJ", "LJX_XFJ", "NGQ", "SL_YT"]);
    expect(heat(d, "GRX_XFJ")).toEqual({ orgCode: "GRX_XFJ", open: 2, overdue: 2, byKind: [{ kind: "ROUTING", count: 2 }] });
    expect(heat(d, "LJX_XFJ")).toEqual({ orgCode: "LJX_XFJ", open: 1, overdue: 0, byKind: [] });
    expect(heat(d, "SL_YT")).toEqual({ orgCode: "SL_YT", open: 0, overdue: 0, byKind: [] });
    // b's referral to 残联 was just created: open, waiting to be signed for, not overdue, not answered.
    expect(d.agencies).toEqual([{ agencyCode: "DY_CL", open: 1, overdue: 0, responded: 0 }]);
    expect(d.referralsWaiting).toBe(1);
    expect(d.alerts.map((a) => [a.petitionNumber, a.level, a.kind, a.localityName]).sort()).toEqual(
      [[petitions.a.number, "RED", "ROUTING", "广饶县信访局"], [petitions.c.number, "RED", "ROUTING", "广饶县信访局"]].sort(),
    );
    // 30 days, today last, all three registered today.
    expect(d.trend).toHaveLength(30);
    expect(d.trend[29].count).toBe(3);
    expect(d.trend.slice(0, 29).every((x) => x.count === 0)).toBe(true);
  });

  it("a county office counts its locality but never the accusation against itself", async () => {
    const d = await dashboard("GRX_XFJ", [Role.CASE_OFFICER]);
    expect(d.scope).toBe(`org:${(await t.org("GRX_XFJ")).id}`);
    expect(d.openPetitions).toBe(1);
    expect(d.overdue).toBe(1);
    expect(heat(d, "GRX_XFJ")).toMatchObject({ open: 1, overdue: 1 });
    expect(d.alerts.map((a) => a.petitionId)).toEqual([petitions.a.id]);
    expect(d.trend[29].count).toBe(1);
    // Referrals are the bureau's and the receiving agency's (canSeeReferral).
    expect(d.agencies).toEqual([]);
    expect(d.referralsWaiting).toBe(0);
  });

  it("another county office sees only its own", async () => {
    const d = await dashboard("LJX_XFJ", [Role.CASE_OFFICER]);
    expect([d.openPetitions, d.overdue, d.alerts.length]).toEqual([1, 0, 0]);
    expect(heat(d, "GRX_XFJ")).toMatchObject({ open: 0, overdue: 0 });
  });

  it("a partner agency sees its own referral and the petition it was referred", async () => {
    const d = await dashboard("DY_CL", [Role.AGENCY_SYSTEM]);
    expect(d.agencies).toEqual([{ agencyCode: "DY_CL", open: 1, overdue: 0, responded: 0 }]);
    expect(d.referralsWaiting).toBe(1);
    expect([d.openPetitions, d.overdue, d.alerts.length]).toEqual([1, 0, 0]);
    const other = await dashboard("DY_FL", [Role.AGENCY_SYSTEM]);
    expect([other.openPetitions, other.agencies.length, other.referralsWaiting]).toEqual([0, 0, 0]);
  });

  it("refuses an anonymous caller", async () => {
    const r = await t.gql(null, "{ dashboard { openPetitions } }");
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
