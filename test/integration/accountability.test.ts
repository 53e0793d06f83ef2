import { inTransaction } from "../../src/commands/command-context";
import { raiseAccountabilityCandidate } from "../../src/commands/raise-accountability-candidate";
import { AccountabilityCause, AccountabilitySubjectType } from "../../src/domain/accountability/accountability-terms";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// Accountability candidates: raised once per cause inside the rule's transaction, with their event, reviewed by the
// responsible unit's supervisor (the city bureau for a county office, the city government for a department).
let t: TestHub;
const ids: Record<string, number> = {};
const AT = new Date("2026-03-02T02:00:00Z");

const raise = (dedupeKey: string, responsible: string, opts: { failAfter?: boolean } = {}) =>
  inTransaction(t.hub.deps, async (em) => {
    const c = await raiseAccountabilityCandidate(
      em,
      { dedupeKey, cause: AccountabilityCause.URGENT_REPORT_LATE, article: "信访工作条例 第四十四条", responsibleOrgId: ids[responsible], responsiblePerson: "副县长赵某", subjectType: AccountabilitySubjectType.BOTTOM_LINE_BREACH, subjectId: 7, summary: "紧急信访信息未按时报告" },
      { actor: "rule:test", at: AT },
    );
    if (opts.failAfter) throw new Error("rolled back on purpose");
    return c;
  });
const list = async (token: string | null) =>
  t.gql<{ accountabilityCandidates: { id: string; cause: string; article: string; state: string; responsibleOrgId: string; reviewerOrgId: string | null; subjectType: string; subjectId: string; raisedAt: string }[] }>(
    token,
    `{ accountabilityCandidates(first: 50) { id cause article state responsibleOrgId reviewerOrgId subjectType subjectId raisedAt } }`,
  );

beforeAll(async () => {
  t = await startTestHub();
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ", "DY_GOV", "DY_ZJJ"]) ids[code] = (await t.org(code).catch(() => ({ id: -1 }))).id;
});
afterAll(() => t?.stop());

describe("accountability candidates", () => {
  it("are raised once per cause, with their event, and reviewed by the responsible unit's supervisor", async () => {
    const first = await raise("report-late:7:city", "GRX_XFJ");
    expect(first).not.toBeNull();
    expect(first!.reviewerOrgId).toBe(ids.DY_XFJ);
    expect(await raise("report-late:7:city", "GRX_XFJ")).toBeNull();
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM accountability_candidate WHERE dedupeKey = 'report-late:7:city'");
    expect(Number(n)).toBe(1);
    const events = await t.hub.deps.db.query("SELECT type FROM outbox WHERE aggregateType = 'accountability' AND aggregateId = ?", [String(first!.id)]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(["accountability.candidateRaised"]);
  });

  it("leave nothing when the rule's transaction rolls back", async () => {
    await expect(raise("rolled-back", "GRX_XFJ", { failAfter: true })).rejects.toThrow("rolled back on purpose");
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM accountability_candidate WHERE dedupeKey = 'rolled-back'");
    expect(Number(n)).toBe(0);
  });

  it("are seen by the city bureau and the reviewer, not by the responsible unit or another county", async () => {
    const c = (await raise("report-late:8:city", "GRX_XFJ"))!;
    const bureau = await list(await t.token("DY_XFJ", [Role.INSPECTOR]));
    expect(bureau.data!.accountabilityCandidates.find((x) => x.id === String(c.id))).toEqual({
      id: String(c.id), cause: "URGENT_REPORT_LATE", article: "信访工作条例 第四十四条", state: "OPEN", responsibleOrgId: String(ids.GRX_XFJ), reviewerOrgId: String(ids.DY_XFJ),
      subjectType: "BOTTOM_LINE_BREACH", subjectId: "7", raisedAt: AT.toISOString(),
    });
    expect((await list(await t.token("GRX_XFJ", [Role.CASE_OFFICER]))).data!.accountabilityCandidates).toEqual([]);
    expect((await list(await t.token("LJX_XFJ", [Role.LEADER]))).data!.accountabilityCandidates).toEqual([]);
    expect((await list(await t.token("DY_CL", [Role.HANDLER]))).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await list(null)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("about a city department are reviewed by the city government, which sees them", async () => {
    const c = (await raise("report-late:9:dept", "DY_ZJJ"))!;
    expect(c.reviewerOrgId).toBe(ids.DY_GOV);
    const gov = (await list(await t.token("DY_GOV", [Role.LEADER]))).data!.accountabilityCandidates;
    expect(gov.map((x) => [x.id, x.responsibleOrgId])).toEqual([[String(c.id), String(ids.DY_ZJJ)]]); // not the county office's, which the bureau reviews
    expect((await list(await t.token("DY_ZJJ", [Role.HANDLER]))).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
