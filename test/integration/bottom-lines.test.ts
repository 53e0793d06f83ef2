import { reportHigherLevelGroupPetition } from "../../src/commands/report-higher-level-group-petition";
import { sweepUrgentReports } from "../../src/commands/sweep-urgent-reports";
import { HigherLevel } from "../../src/domain/bottom-lines/bottom-line-terms";
import { Role } from "../../src/domain/petition-terms";
import { principalForOrg } from "../../src/db/org-tree";
import { bottomLineStatus } from "../../src/resolvers/bottom-line-view";
import { OutboxEntity } from "../../src/db/entities";
import { startTestHub, TestHub } from "../factories/test-hub";

// The four bottom lines through GraphQL (and the commands where the test must fix the clock): below threshold no
// alert, at threshold an alert with its owner; a breach's report chain with exact due times and its candidate; late
// reports; days since; scope. Expected values are worked out by hand from the defaults (group ≥ 5, large-scale ≥ 50,
// watch reach 1 000, breach reach 10 000, reports due 1 h / 2 h / 2 h, breach alerts acknowledged within 1 h).
let t: TestHub;
const ids: Record<string, string> = {};
let bureau = "";
let grx = "";
let ljx = "";
let agency = "";
let grxPetition = "";

const ALERT = "id kind severity ownerOrgId ownerPerson subjectType subjectId state raisedAt ackDueAt requiredActions";
const BREACH = "id line source localityOrgId headcount reach petitionId owningLeader occurredAt recordedAt reports { id recipient dueAt reportedAt late }";
type Alert = { id: string; kind: string; severity: string; ownerOrgId: string; ownerPerson: string | null; subjectType: string; subjectId: string; raisedAt: string; ackDueAt: string; requiredActions: string[] };
type Breach = { id: string; line: string; localityOrgId: string; headcount: number | null; reach: number | null; owningLeader: string | null; occurredAt: string; recordedAt: string; reports: { id: string; recipient: string; dueAt: string; reportedAt: string | null; late: boolean }[] };

const must = async <T>(token: string, query: string, vars?: Record<string, unknown>): Promise<T> => {
  const r = await t.gql<T>(token, query, vars);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!;
};
const alerts = async (token: string) => (await must<{ alerts: Alert[] }>(token, `{ alerts(first: 200) { ${ALERT} } }`)).alerts;
const bottomLineAlerts = async () => (await alerts(bureau)).filter((a) => a.kind.startsWith("BOTTOM_LINE"));
const breaches = async (token: string) => (await must<{ bottomLineBreaches: Breach[] }>(token, `{ bottomLineBreaches(first: 200) { ${BREACH} } }`)).bottomLineBreaches;
const candidates = async () => (await must<{ accountabilityCandidates: { cause: string; article: string; responsibleOrgId: string; responsiblePerson: string | null; subjectType: string; subjectId: string }[] }>(bureau, `{ accountabilityCandidates(first: 200) { cause article responsibleOrgId responsiblePerson subjectType subjectId } }`)).accountabilityCandidates;
const visit = (headcount: number, channel = "VISIT") =>
  must<{ submitPetition: { id: string } }>(bureau, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel, category: "APPEAL_REQUEST", localityOrgId: ids.GRX_XFJ, summary: "征地补偿款未发放", request: "请求发放补偿", headcount, petitioners: [{ name: "代表甲", idNumber: "370523197001010011", phone: "13900001111" }] },
  });
const post = (token: string, reach: number, sentiment = "NEGATIVE", localityOrgId = ids.GRX_XFJ) =>
  t.gql<{ recordPublicOpinionPost: { post: { id: string }; outcome: { verdict: string; breach: Breach | null; alert: Alert | null } } }>(
    token,
    `mutation($i: PublicOpinionPostInput!) { recordPublicOpinionPost(input: $i) { post { id } outcome { verdict breach { ${BREACH} } alert { ${ALERT} } } } }`,
    { i: { platform: "微博", url: "https://weibo.example/p/1", reach, sentiment, localityOrgId, petitionId: grxPetition } },
  );

beforeAll(async () => {
  t = await startTestHub({ BOTTOM_LINE_LEADERS: "GRX_XFJ=副县长王某,LJX_XFJ=副县长刘某" });
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ", "DY_CL"]) ids[code] = String((await t.org(code)).id);
  bureau = await t.token("DY_XFJ", [Role.CASE_OFFICER], "bureau-officer");
  grx = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "grx-officer");
  ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "ljx-officer");
  agency = await t.token("DY_CL", [Role.HANDLER], "cl-handler");
  grxPetition = (await visit(1)).submitPetition.id;
});
afterAll(() => t?.stop());

describe("line 1: a large-scale group petition at registration", () => {
  it("raises nothing below the group minimum (4 people), nor for a letter of 80", async () => {
    const four = (await visit(4)).submitPetition.id;
    const letter = (await visit(80, "LETTER")).submitPetition.id;
    expect((await bottomLineAlerts()).filter((a) => [four, letter].includes(a.subjectId))).toEqual([]);
    expect(await breaches(bureau)).toEqual([]);
  });

  it("pre-alerts a group of 5 to 49 (WARNING to the locality and its configured leader), no breach", async () => {
    const five = (await visit(5)).submitPetition.id;
    const fortyNine = (await visit(49)).submitPetition.id;
    const got = (await bottomLineAlerts()).filter((a) => a.subjectType === "PETITION").map((a) => [a.subjectId, a.kind, a.severity, a.ownerOrgId, a.ownerPerson]);
    expect(got.sort()).toEqual([
      [five, "BOTTOM_LINE_PRE_ALERT", "WARNING", ids.GRX_XFJ, "副县长王某"],
      [fortyNine, "BOTTOM_LINE_PRE_ALERT", "WARNING", ids.GRX_XFJ, "副县长王某"],
    ].sort());
    expect(await breaches(bureau)).toEqual([]);
  });

  it("breaches at 50: a CRITICAL alert owned by the locality and its leader, acknowledged within 1 h, the report chain and the candidate", async () => {
    const fifty = (await visit(50)).submitPetition.id;
    const [b] = await breaches(bureau);
    expect([b.line, b.localityOrgId, b.headcount, b.owningLeader]).toEqual(["LARGE_GROUP", ids.GRX_XFJ, 50, "副县长王某"]);
    const learned = Date.parse(b.recordedAt);
    expect(b.reports.map((r) => [r.recipient, Date.parse(r.dueAt) - learned, r.reportedAt, r.late])).toEqual([
      ["CITY_LEADERSHIP", 3_600_000, null, false],
      ["PROVINCIAL_BUREAU", 7_200_000, null, false],
      ["NATIONAL_BUREAU", 7_200_000, null, false],
    ]);
    const a = (await bottomLineAlerts()).find((x) => x.kind === "BOTTOM_LINE_BREACH" && x.subjectId === b.id)!;
    expect([a.severity, a.ownerOrgId, a.ownerPerson, a.subjectType, Date.parse(a.ackDueAt) - Date.parse(a.raisedAt)]).toEqual(["CRITICAL", ids.GRX_XFJ, "副县长王某", "BOTTOM_LINE_BREACH", 3_600_000]);
    expect(a.requiredActions.length).toBeGreaterThan(0);
    expect((await candidates()).filter((c) => c.subjectId === b.id && c.subjectType === "BOTTOM_LINE_BREACH")).toEqual([
      { cause: "BOTTOM_LINE_BREACH", article: "信访工作条例 第四十六条第三项", responsibleOrgId: ids.GRX_XFJ, responsiblePerson: "副县长王某", subjectType: "BOTTOM_LINE_BREACH", subjectId: b.id },
    ]);
    expect(fifty).toBeTruthy();
  });
});

describe("lines 2 and 3: group petitions at the province or in Beijing", () => {
  // Learned at 2026-12-02 09:30 Beijing time (01:30 UTC): reports due 02:30, 03:30, 03:30 UTC; alert due 02:30 UTC.
  const now = new Date("2026-12-02T01:30:00.000Z");
  const ctx = async () => ({ principal: await principalForOrg(t.hub.deps.db, await t.org("DY_XFJ"), "bureau-officer", [Role.CASE_OFFICER]), now });
  const input = (headcount: number, level = HigherLevel.BEIJING) => ({ level, localityOrgId: Number(ids.LJX_XFJ), headcount, occurredAt: new Date("2026-12-01T23:00:00.000Z"), summary: "赴京集体访", petitionId: null, matterId: null, owningLeader: "县委副书记孙某" });

  it("a group of 5 in Beijing breaches line 3 with exact due times, its alert to the locality and the named leader", async () => {
    const o = await reportHigherLevelGroupPetition(t.hub.deps, await ctx(), input(5));
    expect(o.verdict).toBe("BREACH");
    const b = (await breaches(bureau)).find((x) => x.id === String(o.breach!.id))!;
    expect([b.line, b.localityOrgId, b.owningLeader, b.occurredAt, b.recordedAt]).toEqual(["BEIJING_GROUP", ids.LJX_XFJ, "县委副书记孙某", "2026-12-01T23:00:00.000Z", "2026-12-02T01:30:00.000Z"]);
    expect(b.reports.map((r) => [r.recipient, r.dueAt])).toEqual([
      ["CITY_LEADERSHIP", "2026-12-02T02:30:00.000Z"],
      ["PROVINCIAL_BUREAU", "2026-12-02T03:30:00.000Z"],
      ["NATIONAL_BUREAU", "2026-12-02T03:30:00.000Z"],
    ]);
    expect([o.alert!.severity, o.alert!.ownerOrgId, o.alert!.ownerPerson, o.alert!.ackDueAt.toISOString()]).toEqual(["CRITICAL", Number(ids.LJX_XFJ), "县委副书记孙某", "2026-12-02T02:30:00.000Z"]);
    expect((await candidates()).filter((c) => c.subjectId === b.id && c.cause === "BOTTOM_LINE_BREACH").map((c) => c.responsibleOrgId)).toEqual([ids.LJX_XFJ]);
  });

  it("4 people at the province are a pre-alert of line 2 (its petition named), not a breach", async () => {
    const before = (await breaches(bureau)).length;
    const o = await reportHigherLevelGroupPetition(t.hub.deps, await ctx(), { ...input(4, HigherLevel.PROVINCE), localityOrgId: Number(ids.GRX_XFJ), petitionId: Number(grxPetition) });
    expect([o.verdict, o.breach, o.alert!.kind, o.alert!.severity, o.alert!.ownerOrgId]).toEqual(["PRE_ALERT", null, "BOTTOM_LINE_PRE_ALERT", "WARNING", Number(ids.GRX_XFJ)]);
    expect((await breaches(bureau)).length).toBe(before);
  });

  it("a key-person flag on a petition pre-alerts line 3 to its locality, once; another county cannot flag it", async () => {
    const flag = (token: string, line = "BEIJING_GROUP") => t.gql<{ flagKeyPerson: Alert }>(token, `mutation($p: ID!, $l: BottomLine!) { flagKeyPerson(petitionId: $p, line: $l, reason: "多次扬言进京") { ${ALERT} } }`, { p: grxPetition, l: line });
    const a = (await flag(grx)).data!.flagKeyPerson;
    expect([a.kind, a.severity, a.ownerOrgId, a.ownerPerson, a.subjectType, a.subjectId]).toEqual(["BOTTOM_LINE_PRE_ALERT", "WARNING", ids.GRX_XFJ, "副县长王某", "PETITION", grxPetition]);
    expect((await flag(grx)).errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
    expect((await flag(ljx, "PROVINCE_GROUP")).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await flag(bureau, "LARGE_GROUP")).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("refuses bad input and unknown links with their codes and writes nothing", async () => {
    const before = (await breaches(bureau)).length;
    const m = `mutation($i: HigherLevelGroupPetitionInput!) { reportHigherLevelGroupPetition(input: $i) { verdict } }`;
    const i = { level: "BEIJING", localityOrgId: ids.LJX_XFJ, headcount: 20, occurredAt: "2026-12-01T00:00:00Z", summary: "进京集体访" };
    expect((await t.gql(bureau, m, { i: { ...i, headcount: 0 } })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await t.gql(bureau, m, { i: { ...i, petitionId: "999999" } })).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await t.gql(bureau, m, { i: { ...i, localityOrgId: ids.DY_CL } })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect((await breaches(bureau)).length).toBe(before);
  });

  it("is the city bureau's to report: a county office is refused, nothing written", async () => {
    const before = (await breaches(bureau)).length;
    const r = await t.gql(grx, `mutation($i: HigherLevelGroupPetitionInput!) { reportHigherLevelGroupPetition(input: $i) { verdict } }`, { i: { level: "PROVINCE", localityOrgId: ids.GRX_XFJ, headcount: 20, occurredAt: "2026-12-01T00:00:00Z", summary: "到省集访" } });
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await breaches(bureau)).length).toBe(before);
  });
});

describe("line 4: a linked negative post", () => {
  it("raises nothing below the watch reach (999) or for a neutral post of any reach", async () => {
    for (const [reach, s] of [[999, "NEGATIVE"], [500_000, "NEUTRAL"]] as const) {
      const r = await post(grx, reach, s);
      expect([r.errors, r.data!.recordPublicOpinionPost.outcome]).toEqual([undefined, { verdict: "NONE", breach: null, alert: null }]);
    }
  });

  it("pre-alerts at the watch reach (1 000) and breaches at 10 000, owned by the locality and its leader", async () => {
    const watch = (await post(grx, 1_000)).data!.recordPublicOpinionPost.outcome;
    expect([watch.verdict, watch.breach, watch.alert!.kind, watch.alert!.severity, watch.alert!.ownerOrgId, watch.alert!.ownerPerson]).toEqual(["PRE_ALERT", null, "BOTTOM_LINE_PRE_ALERT", "WARNING", ids.GRX_XFJ, "副县长王某"]);
    const hot = (await post(grx, 10_000)).data!.recordPublicOpinionPost.outcome;
    expect([hot.verdict, hot.breach!.line, hot.breach!.reach, hot.breach!.reports.length, hot.alert!.kind, hot.alert!.severity, hot.alert!.ownerOrgId, hot.alert!.ownerPerson]).toEqual(["BREACH", "PUBLIC_OPINION", 10_000, 3, "BOTTOM_LINE_BREACH", "CRITICAL", ids.GRX_XFJ, "副县长王某"]);
    expect((await candidates()).some((c) => c.cause === "BOTTOM_LINE_BREACH" && c.subjectId === hot.breach!.id)).toBe(true);
  });

  it("another county may not record for 广饶, nor link an item it cannot see; an agency may not record at all", async () => {
    expect((await post(ljx, 50_000)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await post(ljx, 50_000, "NEGATIVE", ids.LJX_XFJ)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await post(agency, 50_000)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("the urgent report chain", () => {
  const record = (token: string, reportId: string, reportedAt?: string) =>
    t.gql<{ recordUrgentReport: { id: string; reportedAt: string; late: boolean } }>(token, `mutation($id: ID!, $at: DateTimeISO) { recordUrgentReport(reportId: $id, reportedAt: $at) { id reportedAt late } }`, { id: reportId, at: reportedAt ?? null });

  it("records a report on time without a candidate, and a late one with its URGENT_REPORT_LATE candidate", async () => {
    const b = (await breaches(bureau)).find((x) => x.line === "BEIJING_GROUP")!; // due 02:30 / 03:30 / 03:30 UTC
    const [city, province] = b.reports;
    const onTime = await record(bureau, city.id, "2026-12-02T02:30:00.000Z");
    expect(onTime.data!.recordUrgentReport).toEqual({ id: city.id, reportedAt: "2026-12-02T02:30:00.000Z", late: false });
    const late = await record(bureau, province.id, "2026-12-02T03:30:00.001Z");
    expect(late.data!.recordUrgentReport.late).toBe(true);
    const c = (await candidates()).filter((x) => x.cause === "URGENT_REPORT_LATE" && x.subjectId === b.id);
    expect(c).toEqual([{ cause: "URGENT_REPORT_LATE", article: "信访工作条例 第四十六条第四项", responsibleOrgId: ids.DY_XFJ, responsiblePerson: null, subjectType: "BOTTOM_LINE_BREACH", subjectId: b.id }]);
    expect((await record(bureau, city.id)).errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
  });

  it("the sweep flags a report never made by its due time once, with its candidate", async () => {
    const b = (await breaches(bureau)).find((x) => x.line === "BEIJING_GROUP")!;
    const national = b.reports.find((r) => r.recipient === "NATIONAL_BUREAU")!;
    expect((await sweepUrgentReports(t.hub.deps, new Date("2026-12-02T03:30:00.000Z"))).urgentReportsLate).toBe(0); // at the due instant: not yet
    // 03:30:00.001: only the Beijing breach's national report is past due (the others are due hours after now, 2026-12-02).
    const swept = await sweepUrgentReports(t.hub.deps, new Date("2026-12-02T03:30:00.001Z"));
    expect(swept.urgentReportsLate).toBe(1);
    expect((await sweepUrgentReports(t.hub.deps, new Date("2026-12-02T03:30:00.001Z"))).urgentReportsLate).toBe(0);
    const after = (await breaches(bureau)).find((x) => x.id === b.id)!.reports.find((r) => r.id === national.id)!;
    expect([after.reportedAt, after.late]).toEqual([null, true]);
    expect((await candidates()).filter((x) => x.cause === "URGENT_REPORT_LATE" && x.subjectId === b.id).length).toBe(2);
  });

  it("is recorded by the city bureau only", async () => {
    const b = (await breaches(bureau))[0];
    expect((await record(grx, b.reports[2].id)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("days since the last breach, and scope", () => {
  it("counts Asia/Shanghai calendar days per line and per locality (hand-worked at 2026-12-04 12:00 Beijing)", async () => {
    // Beijing breach at 利津 occurred 2026-12-02 07:00 Beijing (12-01 23:00 UTC): on 12-04 that is 2 days.
    const p = await principalForOrg(t.hub.deps.db, await t.org("DY_XFJ"), "bureau-officer", [Role.CASE_OFFICER]);
    const s = await bottomLineStatus(t.hub.deps, p, new Date("2026-12-04T04:00:00.000Z"));
    const lj = s.localities.find((l) => l.orgId === ids.LJX_XFJ)!;
    expect(lj.lines.map((l) => [l.line, l.daysSince])).toEqual([
      ["LARGE_GROUP", null],
      ["PROVINCE_GROUP", null],
      ["BEIJING_GROUP", 2],
      ["PUBLIC_OPINION", null],
    ]);
    expect(s.city.find((l) => l.line === "BEIJING_GROUP")!.daysSince).toBe(2);
    expect(s.localities.length).toBe(5);
  });

  it("a county sees its own breaches and locality, another county nothing of them, an agency nothing", async () => {
    const mine = await breaches(grx);
    expect(mine.length).toBe(2);
    expect(mine.every((b) => b.localityOrgId === ids.GRX_XFJ)).toBe(true);
    expect((await breaches(ljx)).every((b) => b.localityOrgId === ids.LJX_XFJ)).toBe(true);
    expect(await breaches(agency)).toEqual([]);
    const status = await must<{ bottomLineStatus: { localities: { orgId: string }[] } }>(ljx, `{ bottomLineStatus { localities { orgId } } }`);
    expect(status.bottomLineStatus.localities).toEqual([{ orgId: ids.LJX_XFJ }]);
    expect((await t.gql(agency, `{ bottomLineStatus { computedAt } }`)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("puts the panel on the dashboard, scoped: 广饶 sees its own alerts and latest breach; an agency gets none", async () => {
    const q = `{ dashboard { bottomLines { city { line daysSince } scope { line daysSince } openAlerts { ownerOrgId kind } latestBreach { localityOrgId line reports { recipient } } } } }`;
    const g = (await must<{ dashboard: { bottomLines: { scope: { line: string; daysSince: number | null }[]; openAlerts: { ownerOrgId: string }[]; latestBreach: { localityOrgId: string; line: string } } } }>(grx, q)).dashboard.bottomLines;
    expect(g.scope.find((l) => l.line === "LARGE_GROUP")!.daysSince).toBe(0);
    expect(g.scope.find((l) => l.line === "BEIJING_GROUP")!.daysSince).toBeNull();
    expect(g.openAlerts.length).toBeGreaterThan(0);
    expect(g.openAlerts.every((a) => a.ownerOrgId === ids.GRX_XFJ)).toBe(true);
    expect(g.latestBreach.localityOrgId).toBe(ids.GRX_XFJ);
    expect((await must<{ dashboard: { bottomLines: unknown } }>(agency, q)).dashboard.bottomLines).toBeNull();
  });
});

describe("events on the stream", () => {
  it("every bottom-line command wrote its events to the outbox", async () => {
    const types = new Set((await t.hub.deps.db.getRepository(OutboxEntity).find({ select: { type: true } })).map((o) => o.type));
    for (const type of ["bottomLine.breached", "bottomLine.keyPersonFlagged", "publicOpinion.postRecorded", "urgentReport.recorded", "urgentReport.late", "accountability.candidateRaised", "alert.raised"]) expect([type, types.has(type)]).toEqual([type, true]);
  });
});
