import { openAccidentCase } from "../../src/commands/open-accident-case";
import { sweepAccidentDuties } from "../../src/commands/sweep-accident-duties";
import { AccidentKind } from "../../src/domain/accidents/accident-terms";
import { Role } from "../../src/domain/petition-terms";
import { principalForOrg } from "../../src/db/org-tree";
import { startTestHub, TestHub } from "../factories/test-hub";

// Accidental death or injury cases (意外伤亡) through GraphQL and the commands: duties and their due times, the duty
// sweep, completion with evidence, closure on an agreement or a legal route, scoping.
let t: TestHub;
const ids: Record<string, string> = {};
let grx = "";
let ljx = "";
let bureau = "";

const CASE = `id state localityOrgId kind casualties leader closureBasis closedBy agreement { date parties reference amount } legalRoute { route body reference date }
  duties { kind dueAt done doneBy overdue team { leader members { name unit } } consultation { participants assessment grade } opinionWatch { startedAt channels findings } }`;
type Duty = { kind: string; dueAt: string; done: boolean; overdue: boolean };
type Case = { id: string; state: string; closureBasis: string | null; duties: Duty[]; agreement: unknown; legalRoute: unknown; closedBy: string | null };
const input = (localityOrgId: string, extra: Record<string, unknown> = {}) => ({
  localityOrgId, kind: "DEATH", casualties: 1, occurredAt: "2026-01-05T01:30:00Z", place: "某镇化工厂车间", summary: "车间检修时一名工人坠落身亡，家属聚集厂门口", leader: "副县长赵某", ...extra,
});
const open = (token: string, localityOrgId: string, extra: Record<string, unknown> = {}) =>
  t.gql<{ openAccidentCase: Case }>(token, `mutation($i: OpenAccidentCaseInput!) { openAccidentCase(input: $i) { ${CASE} } }`, { i: input(localityOrgId, extra) });
const mustOpen = async (token: string, localityOrgId: string) => {
  const r = await open(token, localityOrgId);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.openAccidentCase;
};
const team = (token: string, id: string) =>
  t.gql<{ formAccidentTeam: Case }>(token, `mutation($c: ID!, $i: AccidentTeamInput!) { formAccidentTeam(caseId: $c, input: $i) { ${CASE} } }`, { c: id, i: { leader: "副县长赵某", members: [{ name: "王某", unit: "应急管理局" }, { name: "李某", unit: "信访局" }] } });
const consult = (token: string, id: string, grade = "MEDIUM") =>
  t.gql<{ recordAccidentConsultation: Case }>(token, `mutation($c: ID!, $i: AccidentConsultationInput!) { recordAccidentConsultation(caseId: $c, input: $i) { ${CASE} } }`, { c: id, i: { participants: ["信访局王某", "公安局李某"], assessment: "家属情绪激动，有聚集可能", grade } });
const watch = (token: string, id: string) =>
  t.gql<{ startAccidentOpinionWatch: Case }>(token, `mutation($c: ID!, $i: AccidentOpinionWatchInput!) { startAccidentOpinionWatch(caseId: $c, input: $i) { ${CASE} } }`, { c: id, i: { startedAt: "2026-01-05T03:00:00Z", channels: ["微博", "抖音"], findings: "暂无扩散" } });
const close = (token: string, id: string, i: Record<string, unknown>) =>
  t.gql<{ closeAccidentCase: Case }>(token, `mutation($c: ID!, $i: CloseAccidentCaseInput!) { closeAccidentCase(caseId: $c, input: $i) { ${CASE} } }`, { c: id, i });
const AGREEMENT = { date: "2026-01-20T02:00:00Z", parties: ["死者家属", "某化工有限公司"], reference: "（2026）调协字第 12 号", amount: 850000 };
const LEGAL = { route: "ARBITRATION", body: "广饶县劳动人事争议仲裁委员会", reference: "广劳人仲案字〔2026〕第 3 号", date: "2026-01-22T02:00:00Z" };
const alertsOf = async (token: string, caseId: string) =>
  (await t.gql<{ alerts: { kind: string; severity: string; ownerOrgId: string; ownerPerson: string | null; subjectType: string; subjectId: string; raisedAt: string }[] }>(token, `{ alerts(first: 200) { kind severity ownerOrgId ownerPerson subjectType subjectId raisedAt } }`)).data!.alerts.filter(
    (a) => a.subjectType === "ACCIDENT_CASE" && a.subjectId === caseId,
  );
const events = async (caseId: string, type: string) => {
  const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE aggregateType = 'accident-case' AND aggregateId = ? AND type = ?", [caseId, type]);
  return Number(n);
};
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await startTestHub();
  for (const c of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ"]) ids[c] = String((await t.org(c)).id);
  grx = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "grx-officer");
  ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "ljx-officer");
  bureau = await t.token("DY_XFJ", [Role.CASE_OFFICER], "bureau-officer");
});
afterAll(() => t?.stop());

describe("opening a case", () => {
  // Opened 2026-03-02 10:00 +08:00 (02:00Z): team due 12:00 +08:00, opinion watch 14:00, consultation 16:00.
  const OPENED = new Date("2026-03-02T10:00:00+08:00");
  let caseId = "";

  it("creates its three duties with their due times, a CRITICAL alert to the locality and one to its supervisor", async () => {
    const org = await t.org("GRX_XFJ");
    const principal = await principalForOrg(t.hub.deps.db, org, "grx-officer", [Role.CASE_OFFICER]);
    const r = await openAccidentCase(t.hub.deps, { principal, now: OPENED }, { localityOrgId: org.id, kind: AccidentKind.DEATH, casualties: 2, occurredAt: new Date("2026-03-02T09:10:00+08:00"), place: "某路口", summary: "货车与电动车相撞，两人死亡", leader: "副县长赵某" });
    caseId = String(r.accidentCase.id);
    const got = (await t.gql<{ accidentCase: Case }>(grx, `{ accidentCase(id: "${caseId}") { ${CASE} } }`)).data!.accidentCase;
    expect(got.state).toBe("OPEN");
    expect(got.duties.map((d) => [d.kind, d.dueAt, d.done, d.overdue])).toEqual([
      ["WORKING_TEAM", "2026-03-02T04:00:00.000Z", false, false],
      ["OPINION_WATCH", "2026-03-02T06:00:00.000Z", false, false],
      ["RISK_CONSULTATION", "2026-03-02T08:00:00.000Z", false, false],
    ]);
    const local = await alertsOf(grx, caseId);
    expect(local).toEqual([expect.objectContaining({ kind: "ACCIDENT_OPENED", severity: "CRITICAL", ownerOrgId: ids.GRX_XFJ, ownerPerson: "副县长赵某", raisedAt: "2026-03-02T02:00:00.000Z" })]);
    expect((await alertsOf(bureau, caseId)).map((a) => `${a.kind}:${a.ownerOrgId}`).sort()).toEqual([`ACCIDENT_OPENED:${ids.GRX_XFJ}`, `ACCIDENT_REPORTED:${ids.DY_XFJ}`]);
    expect(await events(caseId, "accident.opened")).toBe(1);
  });

  it("flags a duty overdue 1 ms past its due time, once, and alerts the locality's supervisor", async () => {
    const teamDue = new Date("2026-03-02T12:00:00+08:00");
    await sweepAccidentDuties(t.hub.deps, teamDue); // due at that instant: not yet overdue
    let duties = (await t.gql<{ accidentCase: Case }>(grx, `{ accidentCase(id: "${caseId}") { ${CASE} } }`)).data!.accidentCase.duties;
    expect(duties.map((d) => d.overdue)).toEqual([false, false, false]);
    expect(await events(caseId, "accident.duty-overdue")).toBe(0);

    const after = new Date(teamDue.getTime() + 1);
    expect((await sweepAccidentDuties(t.hub.deps, after)).accidentDutiesOverdue).toBeGreaterThanOrEqual(1);
    duties = (await t.gql<{ accidentCase: Case }>(grx, `{ accidentCase(id: "${caseId}") { ${CASE} } }`)).data!.accidentCase.duties;
    expect(duties.map((d) => `${d.kind}:${d.overdue}`)).toEqual(["WORKING_TEAM:true", "OPINION_WATCH:false", "RISK_CONSULTATION:false"]);
    const overdue = (await alertsOf(bureau, caseId)).filter((a) => a.kind === "ACCIDENT_DUTY_OVERDUE");
    expect(overdue).toEqual([expect.objectContaining({ severity: "CRITICAL", ownerOrgId: ids.DY_XFJ, ownerPerson: null, raisedAt: "2026-03-02T04:00:00.001Z" })]);
    // The county does not own its supervisor's alert.
    expect((await alertsOf(grx, caseId)).some((a) => a.kind === "ACCIDENT_DUTY_OVERDUE")).toBe(false);

    // Idempotent: the same sweep again flags and alerts nothing new.
    await sweepAccidentDuties(t.hub.deps, new Date(after.getTime() + 60_000));
    expect((await alertsOf(bureau, caseId)).filter((a) => a.kind === "ACCIDENT_DUTY_OVERDUE")).toHaveLength(1);
    expect(await events(caseId, "accident.duty-overdue")).toBe(1);
  });

  it("refuses bad input and writes nothing", async () => {
    const [{ n: before }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM accident_case");
    const r = await open(grx, ids.GRX_XFJ, { casualties: 0, leader: " " });
    expect(code(r)).toBe("BAD_USER_INPUT");
    expect(code(await open(grx, ids.GRX_XFJ, { occurredAt: "2099-01-01T00:00:00Z" }))).toBe("BAD_USER_INPUT");
    expect(code(await open(grx, ids.DY_XFJ))).toBe("BAD_USER_INPUT"); // the locality is a county office
    const [{ n: after }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM accident_case");
    expect(Number(after)).toBe(Number(before));
  });
});

describe("duties and closure", () => {
  it("refuses closure while duties are open and without an agreement or a legal route; allows it with an agreement", async () => {
    const c = await mustOpen(grx, ids.GRX_XFJ);
    expect(code(await close(grx, c.id, { agreement: AGREEMENT }))).toBe("DUTIES_OUTSTANDING");
    expect((await team(grx, c.id)).data!.formAccidentTeam.duties.find((d) => d.kind === "WORKING_TEAM")).toEqual(
      expect.objectContaining({ done: true, doneBy: "grx-officer", team: { leader: "副县长赵某", members: [{ name: "王某", unit: "应急管理局" }, { name: "李某", unit: "信访局" }] } }),
    );
    expect(code(await team(grx, c.id))).toBe("INVALID_TRANSITION");
    expect(code(await consult(grx, c.id))).toBeUndefined();
    expect(code(await close(grx, c.id, { agreement: AGREEMENT }))).toBe("DUTIES_OUTSTANDING");
    expect(code(await watch(grx, c.id))).toBeUndefined();
    expect(await events(c.id, "accident.duty-done")).toBe(3);

    expect(code(await close(grx, c.id, {}))).toBe("CLOSURE_BASIS_REQUIRED");
    expect(code(await close(grx, c.id, { agreement: AGREEMENT, legalRoute: LEGAL }))).toBe("CLOSURE_BASIS_REQUIRED");
    expect(code(await close(grx, c.id, { agreement: { ...AGREEMENT, parties: ["死者家属"] } }))).toBe("BAD_USER_INPUT");
    expect(await events(c.id, "accident.closed")).toBe(0);

    const closed = await close(grx, c.id, { agreement: AGREEMENT });
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeAccidentCase).toEqual(expect.objectContaining({ state: "CLOSED", closureBasis: "AGREEMENT", closedBy: "grx-officer", legalRoute: null, agreement: { date: "2026-01-20T02:00:00.000Z", parties: ["死者家属", "某化工有限公司"], reference: "（2026）调协字第 12 号", amount: 850000 } }));
    expect(code(await close(grx, c.id, { agreement: AGREEMENT }))).toBe("INVALID_TRANSITION");
    expect(await events(c.id, "accident.closed")).toBe(1);
    // MEDIUM is below LEDGER_ALERT_GRADE (HIGH): no risk alert.
    expect((await alertsOf(grx, c.id)).map((a) => a.kind)).toEqual(["ACCIDENT_OPENED"]);
  });

  it("allows closure on a documented legal route; a HIGH consultation raises an alert to the locality", async () => {
    const c = await mustOpen(bureau, ids.GRX_XFJ);
    await team(bureau, c.id);
    expect(code(await consult(grx, c.id, "HIGH"))).toBeUndefined();
    await watch(grx, c.id);
    expect((await alertsOf(grx, c.id)).map((a) => `${a.kind}:${a.severity}:${a.ownerPerson}`).sort()).toEqual(["ACCIDENT_HIGH_RISK:WARNING:副县长赵某", "ACCIDENT_OPENED:CRITICAL:副县长赵某"]);
    const closed = (await close(grx, c.id, { legalRoute: LEGAL })).data!.closeAccidentCase;
    expect(closed).toEqual(expect.objectContaining({ state: "CLOSED", closureBasis: "LEGAL_ROUTE", agreement: null, legalRoute: { route: "ARBITRATION", body: "广饶县劳动人事争议仲裁委员会", reference: "广劳人仲案字〔2026〕第 3 号", date: "2026-01-22T02:00:00.000Z" } }));
    expect(code(await watch(grx, c.id))).toBe("INVALID_TRANSITION");
  });
});

describe("scoping", () => {
  it("another county cannot see or act on a case; agencies see nothing; the bureau sees all", async () => {
    const c = await mustOpen(grx, ids.GRX_XFJ);
    const mine = await mustOpen(ljx, ids.LJX_XFJ);
    expect((await t.gql<{ accidentCase: unknown }>(ljx, `{ accidentCase(id: "${c.id}") { id } }`)).data!.accidentCase).toBeNull();
    const listed = (await t.gql<{ accidentCases: { id: string; localityOrgId: string }[] }>(ljx, `{ accidentCases(first: 200) { id localityOrgId } }`)).data!.accidentCases;
    expect(listed.some((x) => x.id === mine.id)).toBe(true);
    expect(listed.every((x) => x.localityOrgId === ids.LJX_XFJ)).toBe(true);
    expect(code(await team(ljx, c.id))).toBe("NOT_FOUND");
    expect(code(await consult(ljx, c.id))).toBe("NOT_FOUND");
    expect(code(await watch(ljx, c.id))).toBe("NOT_FOUND");
    expect(code(await close(ljx, c.id, { agreement: AGREEMENT }))).toBe("NOT_FOUND");
    expect(code(await open(ljx, ids.GRX_XFJ))).toBe("FORBIDDEN");
    expect((await alertsOf(ljx, c.id))).toEqual([]);
    const agency = await t.token("DY_CL", [Role.HANDLER]);
    expect((await t.gql<{ accidentCases: unknown[] }>(agency, `{ accidentCases { id } }`)).data!.accidentCases).toEqual([]);
    expect(code(await open(agency, ids.GRX_XFJ))).toBe("FORBIDDEN");
    expect(code(await t.gql(null, `{ accidentCases { id } }`))).toBe("UNAUTHENTICATED");
    const all = (await t.gql<{ accidentCases: { localityOrgId: string }[] }>(bureau, `{ accidentCases(first: 200) { localityOrgId } }`)).data!.accidentCases;
    expect(new Set(all.map((x) => x.localityOrgId))).toEqual(new Set([ids.GRX_XFJ, ids.LJX_XFJ]));
  });

  it("links a petition the caller can see, and refuses one it cannot", async () => {
    const made = await t.gql<{ submitPetition: { id: string } }>(grx, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
      i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: ids.GRX_XFJ, summary: "工亡赔偿", request: "请求依法赔偿", petitioners: [{ name: "孙某" }] },
    });
    const pid = made.data!.submitPetition.id;
    const linked = await t.gql<{ openAccidentCase: { petitionId: string } }>(grx, `mutation($i: OpenAccidentCaseInput!) { openAccidentCase(input: $i) { petitionId } }`, { i: input(ids.GRX_XFJ, { petitionId: pid }) });
    expect(linked.data!.openAccidentCase.petitionId).toBe(pid);
    expect(code(await open(ljx, ids.LJX_XFJ, { petitionId: pid }))).toBe("NOT_FOUND");
    expect(code(await open(ljx, ids.LJX_XFJ, { ledgerEntryId: "999999" }))).toBe("NOT_FOUND");
  });
});
