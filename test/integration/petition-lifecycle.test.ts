import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";
import { dateParam } from "../../src/db/sql-params";

const PETITION_FIELDS = `id number state matterId deadlines { kind state dueAt originalDueAt closedAt } history { event fromState toState actor legalBasis reason at }`;

let t: TestHub;
let registrar: string;
let bureauOfficer: string;
let handler: string;
let reviewer: string;
let rereviewer: string;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestHub();
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "registrar-wang");
  bureauOfficer = await t.token("DY_XFJ", [Role.CASE_OFFICER], "officer-li");
  handler = await t.token("DY_ZJJ", [Role.HANDLER], "zjj-handler-zhao");
  reviewer = await t.token("DY_GOV", [Role.HANDLER], "gov-reviewer-sun");
  rereviewer = await t.token("SD_GOV", [Role.HANDLER], "province-rereviewer-qian");
  ids = {};
  for (const code of ["GRX_XFJ", "DY_ZJJ", "DY_GOV"]) ids[code] = String((await t.org(code)).id);
});
afterAll(() => t?.stop());

async function ok<T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql<T>(token, query, variables);
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}

type P = { id: string; state: string; matterId: string; deadlines: { kind: string; state: string; dueAt: string; originalDueAt: string; closedAt: string | null }[]; history: { event: string; fromState: string; toState: string; actor: string; legalBasis: string; reason: string | null }[] };

const submit = (summary: string) =>
  ok<{ submitPetition: P }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { ${PETITION_FIELDS} } }`, {
    i: {
      channel: "LETTER",
      category: "APPEAL_REQUEST",
      localityOrgId: ids.GRX_XFJ,
      summary,
      request: "请求依法补发拖欠的安置补偿款",
      petitioners: [{ name: "刘某", idNumber: "370523198503120017", phone: "13812345678" }],
    },
  });

const move = async (token: string, mutation: string, args: string, id: string) =>
  (await ok<Record<string, P>>(token, `mutation { ${mutation}(id: "${id}"${args ? `, ${args}` : ""}) { ${PETITION_FIELDS} } }`))[mutation];

describe("the statutory lifecycle through HTTP", () => {
  it("register → route → accept → extend → answer → review → second review → terminate, with clocks and history", async () => {
    const p0 = (await submit("广饶县某小区拆迁安置补偿款至今未发放，多次反映无果")).submitPetition;
    expect(p0.state).toBe("REGISTERED");
    expect(p0.deadlines).toEqual([expect.objectContaining({ kind: "ROUTING", state: "OPEN" })]);
    const id = p0.id;

    await move(registrar, "startRouting", "", id);
    const fwd = await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, id);
    expect(fwd.state).toBe("FORWARDED");
    expect(fwd.deadlines.find((d) => d.kind === "ROUTING")?.state).toBe("MET");
    expect(fwd.deadlines.filter((d) => d.state === "OPEN").map((d) => d.kind).sort()).toEqual(["ACCEPTANCE_NOTICE", "OBJECTION_WINDOW"]);

    // The bureau's registrar is not the handler: it cannot accept on the handler's behalf.
    const denied = await t.gql(registrar, `mutation { acceptPetition(id: "${id}") { id } }`);
    expect(denied.errors?.[0].extensions?.code).toBe("FORBIDDEN");

    const acc = await move(handler, "acceptPetition", "", id);
    expect(acc.state).toBe("ACCEPTED");
    const handling = acc.deadlines.find((d) => d.kind === "HANDLING")!;
    expect(handling.state).toBe("OPEN");
    const days = (Date.parse(handling.dueAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(66); // 60 days, end moved past a holiday at most a few days

    await move(handler, "startHandling", "", id);
    const badExt = await t.gql(handler, `mutation { extendHandling(id: "${id}", days: 31, approver: "局长", reason: "需补充调查", petitionerNotified: true) { id } }`);
    expect(badExt.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const ext = await move(handler, "extendHandling", `days: 30, approver: "局长 张某", reason: "需补充调查", petitionerNotified: true`, id);
    expect(ext.state).toBe("EXTENDED");
    const moved = ext.deadlines.find((d) => d.kind === "HANDLING")!;
    expect(Date.parse(moved.dueAt) - Date.parse(moved.originalDueAt)).toBeGreaterThanOrEqual(30 * 86_400_000);
    const again = await t.gql(handler, `mutation { extendHandling(id: "${id}", days: 5, approver: "局长", reason: "再延", petitionerNotified: true) { id } }`);
    expect(again.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");

    const ans = await move(handler, "answerPetition", `outcome: SUPPORT, text: "支持：责令开发商于30日内补发"`, id);
    expect(ans.state).toBe("ANSWERED");
    expect(ans.deadlines.find((d) => d.kind === "HANDLING")?.state).toBe("MET");
    expect(ans.deadlines.find((d) => d.kind === "REVIEW_REQUEST_WINDOW")?.state).toBe("OPEN");

    // Terminating while the petitioner may still ask for review is refused.
    const early = await t.gql(bureauOfficer, `mutation { terminatePetition(id: "${id}", reason: "终结") { id } }`);
    expect(early.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");

    await move(registrar, "requestReview", `reason: "对答复不服"`, id);
    // Only the handler's level above (the city government for a city department) issues the review opinion.
    const wrongReviewer = await t.gql(handler, `mutation { issueReview(id: "${id}", outcome: SUPPORT, text: "维持") { id } }`);
    expect(wrongReviewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const rev = await move(reviewer, "issueReview", `outcome: SUPPORT, text: "复查维持原意见"`, id);
    expect(rev.state).toBe("REVIEWED");
    await move(registrar, "requestSecondReview", "", id);
    // 复核 belongs to the level above the reviewing organ (Art. 36): the province, not the city government.
    const sameReviewer = await t.gql(reviewer, `mutation { issueSecondReview(id: "${id}", outcome: SUPPORT, text: "复核维持") { id } }`);
    expect(sameReviewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const rr = await move(rereviewer, "issueSecondReview", `outcome: SUPPORT, text: "复核维持"`, id);
    expect(rr.state).toBe("REREVIEWED");
    const done = await move(bureauOfficer, "terminatePetition", `reason: "复核终结"`, id);
    expect(done.state).toBe("TERMINATED");

    expect(done.history.map((h) => h.event)).toEqual([
      "REGISTER", "START_ROUTING", "FORWARD", "ACCEPT", "START_HANDLING", "EXTEND", "ANSWER", "REQUEST_REVIEW", "ISSUE_REVIEW", "REQUEST_REREVIEW", "ISSUE_REREVIEW", "TERMINATE",
    ]);
    const ext1 = done.history.find((h) => h.event === "EXTEND")!;
    expect(ext1).toMatchObject({ actor: "zjj-handler-zhao", fromState: "IN_HANDLING", toState: "EXTENDED", reason: "需补充调查" });
    expect(ext1.legalBasis).toContain("第34条");
    expect(done.history.find((h) => h.event === "TERMINATE")).toMatchObject({ actor: "officer-li", reason: "复核终结" });
  });

  // Registration after a terminated matter is never refused (Art. 22); matters and the Art. 36 bar: matters.test.ts.

  it("objection within the window sends the petition back for routing; after it, DEADLINE_PASSED", async () => {
    const p = (await submit("东营区某小区物业违规收费")).submitPetition;
    await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, p.id);
    const objected = await move(handler, "objectToPetition", `reason: "属物价部门职责"`, p.id);
    // The objecting unit's reason to see the petition ended with its objection: its own result is the id alone.
    expect(objected).toMatchObject({ id: p.id, state: null, deadlines: [] });
    const obj = (await ok<Record<string, P>>(registrar, `{ petition(id: "${p.id}") { ${PETITION_FIELDS} } }`)).petition;
    expect(obj.state).toBe("OBJECTED");
    expect(obj.deadlines.filter((d) => d.state === "OPEN").map((d) => d.kind)).toEqual(["ROUTING"]);
    expect((await t.gql(handler, `{ petition(id: "${p.id}") { id } }`)).data).toEqual({ petition: null });
    await move(registrar, "reroutePetition", "", p.id);
    await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, p.id);
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ? AND kind = 'OBJECTION_WINDOW' AND closedAt IS NULL", [dateParam(t.hub.deps.db, new Date(Date.now() - 60_000)), p.id]);
    const late = await t.gql(handler, `mutation { objectToPetition(id: "${p.id}", reason: "不属于本单位") { id } }`);
    expect(late.errors?.[0].extensions?.code).toBe("DEADLINE_PASSED");
  });
});
