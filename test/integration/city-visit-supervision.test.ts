import { submitPetition } from "../../src/commands/submit-petition";
import { delistCityControl } from "../../src/commands/delist-city-control";
import { reviewCityControlEntry } from "../../src/commands/review-city-control-entry";
import { setCityVisitResolutionDeadline } from "../../src/commands/set-city-visit-resolution-deadline";
import { sweepCityControl } from "../../src/commands/sweep-city-control";
import { Principal } from "../../src/domain/access/principal";
import { Category, Channel, Role } from "../../src/domain/petition-terms";
import { SubmitPetitionInput } from "../../src/commands/petition-input";
import { principalForOrg } from "../../src/db/org-tree";
import { startTestHub, TestHub } from "../factories/test-hub";

// The city bureau's supervision of the 市控 list (issue 9 item 3): the resolution deadline it set and the review date,
// swept with hand-worked instants. Dates lie in 2030 so the hub's own periodic sweep (wall clock) never reaches them.
let t: TestHub;
const ids: Record<string, number> = {};
let bureauP: Principal;
let bureau = "";
let grx = "";
let ljx = "";

// Registered 2030-03-04 09:00 Beijing = 01:00 UTC. Default periods (days of 24 hours from registration), by hand:
// review date +30 days = 2030-04-03T01:00Z (27 days to 31 March, 3 more); resolution deadline +60 days = 2030-05-03T01:00Z.
const REGISTERED = "2030-03-04T01:00:00.000Z";
const REVIEW_DUE = "2030-04-03T01:00:00.000Z";
const RESOLUTION_DUE = "2030-05-03T01:00:00.000Z";
const at = (iso: string) => new Date(iso);
const plus1ms = (iso: string) => new Date(Date.parse(iso) + 1);
const db = () => t.hub.deps.db;
const count = async (table: string, where: string, params: unknown[]) => Number((await db().query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);
const visit = (): SubmitPetitionInput =>
  ({ channel: Channel.VISIT, category: Category.APPEAL_REQUEST, localityOrgId: ids.GRX_XFJ, summary: "征地补偿款未足额发放", request: "请求足额发放补偿款", headcount: 3, receivedAt: at(REGISTERED), petitioners: [{ name: "张某", idNumber: "370523197001010011", phone: "13900001111" }] }) as SubmitPetitionInput;
const register = async () => {
  const p = await submitPetition(t.hub.deps, { principal: bureauP, now: at(REGISTERED) }, visit());
  const e = (await db().query("SELECT id FROM city_control_entry WHERE petitionId = ?", [p.id]))[0];
  return { petitionId: p.id, entryId: Number(e.id) };
};
type Entry = { id: string; reviewDueAt: string; resolutionDueAt: string; resolutionOverdueAt: string | null; reviewOverdueAt: string | null; listed: boolean };
const entry = async (entryId: number, token = bureau): Promise<Entry | undefined> => {
  const r = await t.gql<{ cityControlList: Entry[] }>(token, `{ cityControlList(first: 200) { id reviewDueAt resolutionDueAt resolutionOverdueAt reviewOverdueAt listed } }`);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.cityControlList.find((e) => e.id === String(entryId));
};
const alerts = (kind: string, petitionId: number) => db().query("SELECT severity, ownerOrgId, requiredActions FROM alert WHERE kind = ? AND subjectType = 'PETITION' AND subjectId = ?", [kind, petitionId]);
const events = (type: string, petitionId: number) => count("outbox", "type = ? AND aggregateId = ?", [type, String(petitionId)]);
const candidates = (petitionId: number) => db().query("SELECT cause, article, responsibleOrgId FROM accountability_candidate WHERE subjectType = 'PETITION' AND subjectId = ? ORDER BY id", [petitionId]);

beforeAll(async () => {
  t = await startTestHub();
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ"]) ids[code] = (await t.org(code)).id;
  bureauP = await principalForOrg(db(), await t.org("DY_XFJ"), "bureau-officer", [Role.REGISTRAR, Role.CASE_OFFICER]);
  bureau = await t.token("DY_XFJ", [Role.CASE_OFFICER], "bureau-officer");
  grx = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "grx-officer");
  ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "ljx-officer");
});
afterAll(() => t?.stop());

describe("the resolution deadline", () => {
  it("at the due instant nothing; 1 ms after, flagged once with a CRITICAL alert to the bureau and a candidate against the locality", async () => {
    const { petitionId, entryId } = await register();
    expect(await entry(entryId)).toMatchObject({ resolutionDueAt: RESOLUTION_DUE, reviewDueAt: REVIEW_DUE, resolutionOverdueAt: null, reviewOverdueAt: null });
    // Review the entry first, so only the resolution deadline is in play here.
    await reviewCityControlEntry(t.hub.deps, { principal: bureauP, now: at(REGISTERED) }, entryId, "2030-12-31", "继续市控");
    await sweepCityControl(t.hub.deps, at(RESOLUTION_DUE));
    expect((await entry(entryId))!.resolutionOverdueAt).toBeNull();
    expect(await events("cityVisit.resolutionOverdue", petitionId)).toBe(0);
    await sweepCityControl(t.hub.deps, plus1ms(RESOLUTION_DUE));
    await sweepCityControl(t.hub.deps, at("2030-05-04T01:00:00.000Z"));
    expect((await entry(entryId))!.resolutionOverdueAt).toBe("2030-05-03T01:00:00.001Z");
    expect(await events("cityVisit.resolutionOverdue", petitionId)).toBe(1);
    const a = await alerts("CITY_RESOLUTION_OVERDUE", petitionId);
    expect(a.map((x: { severity: string; ownerOrgId: number }) => [x.severity, Number(x.ownerOrgId)])).toEqual([["CRITICAL", ids.DY_XFJ]]);
    expect(String(a[0].requiredActions)).toContain("督办属地限期化解");
    expect((await candidates(petitionId)).map((c: { cause: string; article: string; responsibleOrgId: number }) => [c.cause, c.article, Number(c.responsibleOrgId)])).toEqual([["MISSED_HANDLING_DEADLINE", "信访工作条例 第四十五条第一项", ids.GRX_XFJ]]);
    // The command screen counts it for the bureau and 广饶, not for 利津.
    const screen = async (token: string) => (await t.gql<{ dashboard: { cityVisit: { resolutionOverdue: number; reviewsDue: number } } }>(token, `{ dashboard { cityVisit { resolutionOverdue reviewsDue } } }`)).data!.dashboard.cityVisit;
    expect((await screen(bureau)).resolutionOverdue).toBeGreaterThanOrEqual(1);
    expect((await screen(grx)).resolutionOverdue).toBeGreaterThanOrEqual(1);
    expect(await screen(ljx)).toEqual({ resolutionOverdue: 0, reviewsDue: 0 });
    // A new deadline set by the bureau clears the flag and is watched anew: flagged again only after it.
    await setCityVisitResolutionDeadline(t.hub.deps, { principal: bureauP, now: at("2030-05-05T01:00:00.000Z") }, entryId, at("2030-06-30T16:00:00.000Z"), "延长化解期限");
    expect((await entry(entryId))!.resolutionOverdueAt).toBeNull();
    await sweepCityControl(t.hub.deps, at("2030-06-30T16:00:00.000Z"));
    expect((await entry(entryId))!.resolutionOverdueAt).toBeNull();
    await sweepCityControl(t.hub.deps, at("2030-06-30T16:00:00.001Z"));
    expect((await entry(entryId))!.resolutionOverdueAt).toBe("2030-06-30T16:00:00.001Z");
    expect(await alerts("CITY_RESOLUTION_OVERDUE", petitionId)).toHaveLength(2);
    expect(await candidates(petitionId)).toHaveLength(2);
  });

  it("a resolved petition (answered, mediated, terminated) is not flagged; one still being handled is", async () => {
    const made = [await register(), await register(), await register(), await register()];
    for (const [m, state] of [[made[0], "ANSWERED"], [made[1], "MEDIATED"], [made[2], "TERMINATED"], [made[3], "IN_HANDLING"]] as const)
      await db().query("UPDATE petition SET state = ? WHERE id = ?", [state, m.petitionId]);
    await sweepCityControl(t.hub.deps, plus1ms(RESOLUTION_DUE));
    const flagged = await Promise.all(made.map(async (m) => (await entry(m.entryId))!.resolutionOverdueAt !== null));
    expect(flagged).toEqual([false, false, false, true]);
    expect(await candidates(made[0].petitionId)).toEqual([]);
  });

  it("a delisted entry is not flagged, neither for its deadline nor for its review", async () => {
    const { petitionId, entryId } = await register();
    await delistCityControl(t.hub.deps, { principal: bureauP, now: at("2030-03-10T01:00:00.000Z") }, entryId, "已化解息诉");
    await sweepCityControl(t.hub.deps, at("2030-06-01T00:00:00.000Z"));
    expect(await entry(entryId)).toMatchObject({ listed: false, resolutionOverdueAt: null, reviewOverdueAt: null });
    expect(await alerts("CITY_RESOLUTION_OVERDUE", petitionId)).toEqual([]);
    expect(await alerts("CITY_CONTROL_REVIEW_DUE", petitionId)).toEqual([]);
    expect(await candidates(petitionId)).toEqual([]);
  });
});

describe("the review date", () => {
  it("flags once after the review date; the bureau's review sets the next date, and the entry is flagged again only after it", async () => {
    const { petitionId, entryId } = await register();
    await sweepCityControl(t.hub.deps, at(REVIEW_DUE));
    expect((await entry(entryId))!.reviewOverdueAt).toBeNull();
    await sweepCityControl(t.hub.deps, plus1ms(REVIEW_DUE));
    await sweepCityControl(t.hub.deps, at("2030-04-10T00:00:00.000Z"));
    expect((await entry(entryId))!.reviewOverdueAt).toBe("2030-04-03T01:00:00.001Z");
    expect(await events("cityVisit.reviewDue", petitionId)).toBe(1);
    expect((await alerts("CITY_CONTROL_REVIEW_DUE", petitionId)).map((x: { severity: string; ownerOrgId: number }) => [x.severity, Number(x.ownerOrgId)])).toEqual([["NOTICE", ids.DY_XFJ]]);
    // The review, through GraphQL (audited): 2030-06-30 Beijing ends at 2030-06-30T15:59:59.999Z.
    const review = (token: string, on = "2030-06-30") => t.gql<{ reviewCityControlEntry: Entry }>(token, `mutation($e: ID!, $on: String!) { reviewCityControlEntry(entryId: $e, nextReviewOn: $on, note: "仍需市控，继续督办") { reviewDueAt reviewOverdueAt listed } }`, { e: String(entryId), on });
    expect((await review(bureau, "2030-02-30")).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await review(bureau, "2020-01-01")).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const r = await review(bureau);
    expect(r.errors).toBeUndefined();
    expect(r.data!.reviewCityControlEntry).toEqual({ reviewDueAt: "2030-06-30T15:59:59.999Z", reviewOverdueAt: null, listed: true });
    expect(await events("cityVisit.controlReviewed", petitionId)).toBe(1);
    expect(await count("audit_log", "action = 'Mutation.reviewCityControlEntry' AND outcome = 'OK'", [])).toBeGreaterThanOrEqual(1);
    await sweepCityControl(t.hub.deps, at("2030-06-30T15:59:59.999Z"));
    expect((await entry(entryId))!.reviewOverdueAt).toBeNull();
    expect(await alerts("CITY_CONTROL_REVIEW_DUE", petitionId)).toHaveLength(1);
    await sweepCityControl(t.hub.deps, at("2030-06-30T16:00:00.000Z"));
    expect((await entry(entryId))!.reviewOverdueAt).toBe("2030-06-30T16:00:00.000Z");
    expect(await alerts("CITY_CONTROL_REVIEW_DUE", petitionId)).toHaveLength(2);
    expect(await events("cityVisit.reviewDue", petitionId)).toBe(2);
  });

  it("a county cannot review (its own locality's entry: FORBIDDEN); a delisted entry cannot be reviewed; nothing is written", async () => {
    const { petitionId, entryId } = await register();
    const review = (token: string) => t.gql<{ reviewCityControlEntry: Entry }>(token, `mutation { reviewCityControlEntry(entryId: "${entryId}", nextReviewOn: "2030-06-30", note: "继续市控") { id } }`);
    expect((await review(grx)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await review(ljx)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await entry(entryId))!.reviewDueAt).toBe(REVIEW_DUE);
    expect(await events("cityVisit.controlReviewed", petitionId)).toBe(0);
    await delistCityControl(t.hub.deps, { principal: bureauP, now: at("2030-03-10T01:00:00.000Z") }, entryId, "已化解息诉");
    expect((await review(bureau)).errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
  });
});
