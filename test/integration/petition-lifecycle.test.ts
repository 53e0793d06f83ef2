import { sweepDeadlines } from "../../src/commands/sweep-deadlines";
import { dateParam } from "../../src/db/sql-params";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// Exact instants below are worked out by hand: the bureau is UTC+8, so the end of local day D is DT15:59:59.999Z;
// a calendar period's first day is not counted and a last day on a weekend or holiday moves to the next working day.
// Where a clock would start "now" (the real time of the test), the test pins it to a known instant through SQL first
// (the state machine's arithmetic from a real now is covered exactly in test/unit/petition-lifecycle.test.ts).

const PETITION_FIELDS = `id number state matterId decidedAt deliveredAt deadlines { kind state startedAt dueAt originalDueAt closedAt } history { event fromState toState actor legalBasis reason details at }`;

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

type Deadline = { kind: string; state: string; startedAt: string; dueAt: string; originalDueAt: string; closedAt: string | null };
type P = {
  id: string;
  state: string;
  matterId: string;
  decidedAt: string | null;
  deliveredAt: string | null;
  deadlines: Deadline[];
  history: { event: string; fromState: string; toState: string; actor: string; legalBasis: string; reason: string | null; details: Record<string, unknown> | null }[];
};

const submit = (summary: string, extra: Record<string, unknown> = {}) =>
  ok<{ submitPetition: P }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { ${PETITION_FIELDS} } }`, {
    i: {
      channel: "LETTER",
      category: "APPEAL_REQUEST",
      localityOrgId: ids.GRX_XFJ,
      summary,
      request: "请求依法补发拖欠的安置补偿款",
      petitioners: [{ name: "刘某", idNumber: "370523198503120017", phone: "13812345678" }],
      ...extra,
    },
  });

const move = async (token: string, mutation: string, args: string, id: string) =>
  (await ok<Record<string, P>>(token, `mutation { ${mutation}(id: "${id}"${args ? `, ${args}` : ""}) { ${PETITION_FIELDS} } }`))[mutation];

/** The error code (and the first issue's path) of a refused mutation. */
async function refused(token: string, query: string): Promise<string> {
  const r = await t.gql(token, query);
  const e = r.errors?.[0];
  const issues = (e?.extensions?.issues ?? (e?.extensions?.details as { issues?: unknown } | undefined)?.issues) as { path: string }[] | undefined;
  return `${e?.extensions?.code ?? "no error"}${issues?.length ? ` ${issues[0].path}` : ""}`;
}

const read = async (id: string) => (await ok<{ petition: P }>(registrar, `{ petition(id: "${id}") { ${PETITION_FIELDS} } }`)).petition;
const clock = (p: P, kind: string) => p.deadlines.find((d) => d.kind === kind && d.closedAt === null) ?? null;
const nowIso = () => new Date().toISOString();

/** Pins a clock of a petition to a known instant (SQL, bound per dialect). */
async function pin(petitionId: string, kind: string, column: "dueAt" | "pausedAt", at: Date): Promise<void> {
  await t.hub.deps.db.query(`UPDATE deadline SET ${column} = ? WHERE petitionId = ? AND kind = ? AND closedAt IS NULL`, [dateParam(t.hub.deps.db, at), petitionId, kind]);
}

/** An appeal forwarded to 住建局, received, accepted and in handling. */
async function inHandling(summary: string, extra: Record<string, unknown> = {}): Promise<string> {
  const id = (await submit(summary, extra)).submitPetition.id;
  await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, id);
  await move(handler, "acceptPetition", "", id);
  await move(handler, "startHandling", "", id);
  return id;
}

describe("the statutory lifecycle through HTTP", () => {
  it("register → route → receive → accept → extend → answer → review → second review → terminate, with clocks and history", async () => {
    // Received by letter Mon 2 Nov 2026 10:00 local and registered at once: Art. 22 counts 15 days from receipt,
    // 2 Nov + 15 = Tue 17 Nov.
    const p0 = (await submit("广饶县某小区拆迁安置补偿款至今未发放，多次反映无果", { receivedAt: "2026-11-02T02:00:00Z" })).submitPetition;
    expect(p0.state).toBe("REGISTERED");
    expect(p0.deadlines).toEqual([expect.objectContaining({ kind: "ROUTING", state: "OPEN", startedAt: "2026-11-02T02:00:00.000Z", dueAt: "2026-11-17T15:59:59.999Z" })]);
    const id = p0.id;

    await move(registrar, "startRouting", "", id);
    const fwd = await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, id);
    expect(fwd.state).toBe("FORWARDED");
    // Forwarded after 17 Nov 2026: the Art. 22 period had run out, so fulfilling it now records the breach.
    expect(fwd.deadlines.find((d) => d.kind === "ROUTING")?.state).toBe("BREACHED");
    expect(fwd.deadlines.filter((d) => d.state === "OPEN").map((d) => d.kind).sort()).toEqual(["ACCEPTANCE_NOTICE", "OBJECTION_WINDOW"]);

    // The handler acknowledges receipt (no later paper receipt: the clocks keep running from the forwarding).
    const rec = await move(handler, "receivePetition", "", id);
    expect(rec.state).toBe("RECEIVED_BY_HANDLER");
    expect(clock(rec, "ACCEPTANCE_NOTICE")?.dueAt).toBe(clock(fwd, "ACCEPTANCE_NOTICE")?.dueAt);

    // The bureau's registrar is not the handler: it cannot accept on the handler's behalf.
    const denied = await t.gql(registrar, `mutation { acceptPetition(id: "${id}") { id } }`);
    expect(denied.errors?.[0].extensions?.code).toBe("FORBIDDEN");

    const acc = await move(handler, "acceptPetition", "", id);
    expect(acc.state).toBe("ACCEPTED");
    expect(clock(acc, "HANDLING")?.state).toBe("OPEN");

    await move(handler, "startHandling", "", id);
    const badExt = await t.gql(handler, `mutation { extendHandling(id: "${id}", days: 31, approver: "局长", reason: "需补充调查", petitionerNotified: true) { id } }`);
    expect(badExt.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    // Pin the 60-day clock to end Tue 15 Jan 2030; one extension of 30 days: 15 Jan + 30 = Thu 14 Feb 2030.
    await pin(id, "HANDLING", "dueAt", new Date("2030-01-15T15:59:59.999Z"));
    const ext = await move(handler, "extendHandling", `days: 30, approver: "局长 张某", reason: "需补充调查", petitionerNotified: true`, id);
    expect(ext.state).toBe("EXTENDED");
    expect(clock(ext, "HANDLING")?.dueAt).toBe("2030-02-14T15:59:59.999Z");
    const again = await t.gql(handler, `mutation { extendHandling(id: "${id}", days: 5, approver: "局长", reason: "再延", petitionerNotified: true) { id } }`);
    expect(again.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");

    const servedAt = nowIso();
    const ans = await move(handler, "answerPetition", `outcome: SUPPORT, text: "支持：责令开发商于30日内补发", deliveredAt: "${servedAt}"`, id);
    expect(ans.state).toBe("ANSWERED");
    expect(ans.deadlines.find((d) => d.kind === "HANDLING")?.state).toBe("MET");
    // The review window runs from the service given.
    expect(clock(ans, "REVIEW_REQUEST_WINDOW")).toMatchObject({ state: "OPEN", startedAt: servedAt });

    // Terminating while the petitioner may still ask for review is refused.
    const early = await t.gql(bureauOfficer, `mutation { terminatePetition(id: "${id}", reason: "终结") { id } }`);
    expect(early.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");

    await move(registrar, "requestReview", `reason: "对答复不服"`, id);
    // Only the handler's level above (the city government for a city department) issues the review opinion.
    const wrongReviewer = await t.gql(handler, `mutation { issueReview(id: "${id}", outcome: SUPPORT, text: "维持") { id } }`);
    expect(wrongReviewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const rev = await move(reviewer, "issueReview", `outcome: SUPPORT, text: "复查维持原意见", deliveredAt: "${nowIso()}"`, id);
    expect(rev.state).toBe("REVIEWED");
    await move(registrar, "requestSecondReview", "", id);
    // 复核 belongs to the level above the reviewing organ (Art. 36): the province, not the city government.
    const sameReviewer = await t.gql(reviewer, `mutation { issueSecondReview(id: "${id}", outcome: SUPPORT, text: "复核维持") { id } }`);
    expect(sameReviewer.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const rr = await move(rereviewer, "issueSecondReview", `outcome: SUPPORT, text: "复核维持", deliveredAt: "${nowIso()}"`, id);
    expect(rr.state).toBe("REREVIEWED");
    const done = await move(bureauOfficer, "terminatePetition", `reason: "复核终结"`, id);
    expect(done.state).toBe("TERMINATED");

    expect(done.history.map((h) => h.event)).toEqual([
      "REGISTER", "START_ROUTING", "FORWARD", "RECEIVE", "ACCEPT", "START_HANDLING", "EXTEND", "ANSWER", "REQUEST_REVIEW", "ISSUE_REVIEW", "REQUEST_REREVIEW", "ISSUE_REREVIEW", "TERMINATE",
    ]);
    const ext1 = done.history.find((h) => h.event === "EXTEND")!;
    expect(ext1).toMatchObject({ actor: "zjj-handler-zhao", fromState: "IN_HANDLING", toState: "EXTENDED", reason: "需补充调查", legalBasis: "信访工作条例 第34条 延期" });
    expect(done.history.find((h) => h.event === "RECEIVE")?.legalBasis).toBe("信访工作条例 第23条 收到");
    expect(done.history.find((h) => h.event === "TERMINATE")).toMatchObject({ actor: "officer-li", reason: "复核终结", legalBasis: "信访工作条例 第36条 终结" });
  });

  it("objection within the window sends the petition back for routing; after it, DEADLINE_PASSED", async () => {
    const p = (await submit("东营区某小区物业违规收费")).submitPetition;
    await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, p.id);
    const objected = await move(handler, "objectToPetition", `reason: "属物价部门职责"`, p.id);
    // The objecting unit's reason to see the petition ended with its objection: its own result is the id alone.
    expect(objected).toMatchObject({ id: p.id, state: null, deadlines: [] });
    const obj = await read(p.id);
    expect(obj.state).toBe("OBJECTED");
    expect(obj.deadlines.filter((d) => d.state === "OPEN").map((d) => d.kind)).toEqual(["ROUTING"]);
    expect((await t.gql(handler, `{ petition(id: "${p.id}") { id } }`)).data).toEqual({ petition: null });
    await move(registrar, "reroutePetition", "", p.id);
    await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, p.id);
    await pin(p.id, "OBJECTION_WINDOW", "dueAt", new Date(Date.now() - 60_000));
    const late = await t.gql(handler, `mutation { objectToPetition(id: "${p.id}", reason: "不属于本单位") { id } }`);
    expect(late.errors?.[0].extensions?.code).toBe("DEADLINE_PASSED");
  });

  it("receipt-then-register keeps the Art. 22 clock from receipt, as registering at once does", async () => {
    // Received Mon 2 Mar 2026 10:00 local: 2 Mar + 15 days = Tue 17 Mar.
    const received = (await submit("河口区某村道路硬化工程质量问题", { receivedAt: "2026-03-02T02:00:00Z", register: false })).submitPetition;
    expect([received.state, received.deadlines]).toEqual(["RECEIVED", []]);
    const registered = await move(registrar, "registerPetition", "", received.id);
    expect(registered.state).toBe("REGISTERED");
    const expected = { kind: "ROUTING", startedAt: "2026-03-02T02:00:00.000Z", dueAt: "2026-03-17T15:59:59.999Z" };
    expect(registered.deadlines).toEqual([expect.objectContaining(expected)]);
    const atOnce = (await submit("河口区某村道路硬化工程质量问题（同日登记）", { receivedAt: "2026-03-02T02:00:00Z" })).submitPetition;
    expect(atOnce.deadlines).toEqual([expect.objectContaining(expected)]);
  });

  it("service of the answer: 2020 and 2099 refused; recorded later, the window runs from that service", async () => {
    const id = await inHandling("垦利区某企业拖欠职工经济补偿金");
    const answer = (deliveredAt: string) => `mutation { answerPetition(id: "${id}", outcome: NOT_SUPPORT, text: "不予支持", deliveredAt: "${deliveredAt}") { id } }`;
    // Served before the decision (a window born lapsed) or in 2099 (a window open for decades): both bad input.
    expect(await refused(handler, answer("2020-01-01T02:00:00Z"))).toBe("BAD_USER_INPUT deliveredAt");
    expect(await refused(handler, answer("2099-01-01T02:00:00Z"))).toBe("BAD_USER_INPUT deliveredAt");
    expect((await read(id)).state).toBe("IN_HANDLING");

    // Mailed: no service yet, so no window; nothing can run from it.
    const ans = await move(handler, "answerPetition", `outcome: NOT_SUPPORT, text: "不予支持，已邮寄"`, id);
    expect([ans.state, ans.deliveredAt, clock(ans, "REVIEW_REQUEST_WINDOW"), clock(ans, "EVALUATION")]).toEqual(["ANSWERED", null, null, null]);
    expect(await refused(registrar, `mutation { requestReview(id: "${id}") { id } }`)).toBe("INVALID_TRANSITION");
    expect(await refused(bureauOfficer, `mutation { terminatePetition(id: "${id}", reason: "终结") { id } }`)).toBe("INVALID_TRANSITION");
    expect(await refused(registrar, `mutation { evaluateAnswer(id: "${id}", satisfaction: SATISFIED, source: PETITIONER) { id } }`)).toBe("INVALID_TRANSITION");

    // Pin the decision to Mon 2 Mar 2026 10:00 local; the receipt of the registered letter says Wed 4 Mar.
    await t.hub.deps.db.query("UPDATE petition SET decidedAt = ? WHERE id = ?", [dateParam(t.hub.deps.db, new Date("2026-03-02T02:00:00Z")), id]);
    const record = (deliveredAt: string) => `mutation { recordDelivery(petitionId: "${id}", deliveredAt: "${deliveredAt}", method: "挂号信") { ${PETITION_FIELDS} } }`;
    // Only the organ that issued the answer (or the bureau for it) records its service.
    expect(await refused(registrar, record("2026-03-04T02:00:00Z"))).toBe("FORBIDDEN");
    expect(await refused(handler, record("2026-03-01T02:00:00Z"))).toBe("BAD_USER_INPUT deliveredAt");
    expect(await refused(handler, record("2099-03-04T02:00:00Z"))).toBe("BAD_USER_INPUT deliveredAt");
    const served = (await ok<{ recordDelivery: P }>(handler, record("2026-03-04T02:00:00Z"))).recordDelivery;
    expect([served.decidedAt, served.deliveredAt]).toEqual(["2026-03-02T02:00:00.000Z", "2026-03-04T02:00:00.000Z"]);
    // 4 Mar + 30 days = Fri 3 Apr 2026 (the Qingming holiday starts the day after).
    expect(clock(served, "REVIEW_REQUEST_WINDOW")).toMatchObject({ startedAt: "2026-03-04T02:00:00.000Z", dueAt: "2026-04-03T15:59:59.999Z" });
    expect(clock(served, "EVALUATION")).toMatchObject({ startedAt: "2026-03-04T02:00:00.000Z", dueAt: "2026-04-03T15:59:59.999Z" });
    expect(served.history.at(-1)).toMatchObject({ event: "RECORD_DELIVERY", actor: "zjj-handler-zhao", details: { deliveredAt: "2026-03-04T02:00:00.000Z", method: "挂号信" } });
    expect(await refused(handler, record("2026-03-05T02:00:00Z"))).toBe("INVALID_TRANSITION");

    // That window ended on 3 April: a request now is late; the evaluation period lapsed too, which the sweep records.
    expect(await refused(registrar, `mutation { requestReview(id: "${id}") { id } }`)).toBe("DEADLINE_PASSED");
    await sweepDeadlines(t.hub.deps, new Date());
    const overdue = await read(id);
    expect(overdue.state).toBe("EVAL_OVERDUE");
    expect(overdue.history.find((h) => h.event === "MARK_EVAL_OVERDUE")).toMatchObject({ actor: "system:deadline-sweep", toState: "EVAL_OVERDUE" });
    expect((await move(bureauOfficer, "terminatePetition", `reason: "复查期限届满"`, id)).state).toBe("TERMINATED");
  });

  it("an answered suggestion has no review window and may be terminated once served", async () => {
    const id = await inHandling("建议在东营区西城增设公共自行车站点", { category: "SUGGESTION" });
    const ans = await move(handler, "answerPetition", `outcome: SUPPORT, text: "采纳", deliveredAt: "${nowIso()}"`, id);
    expect(ans.deadlines.filter((d) => d.closedAt === null).map((d) => d.kind)).toEqual(["EVALUATION"]);
    expect(await refused(registrar, `mutation { requestReview(id: "${id}") { id } }`)).toBe("INVALID_TRANSITION");
    expect((await move(bureauOfficer, "terminatePetition", `reason: "建议已采纳"`, id)).state).toBe("TERMINATED");
  });

  it("a mediation agreement ends the matter (Shandong Art. 46(1)): no review window, terminated at once", async () => {
    const id = await inHandling("东营区某小区停车费纠纷");
    const m = await move(handler, "mediatePetition", `agreement: "物业公司同意按原标准收取"`, id);
    expect(m.state).toBe("MEDIATED");
    expect(clock(m, "REVIEW_REQUEST_WINDOW")).toBeNull();
    expect(m.history.at(-1)?.legalBasis).toBe("信访工作条例 第33条 调解；山东省信访条例 第46条第1项 调解协议 终结");
    expect(await refused(registrar, `mutation { requestReview(id: "${id}") { id } }`)).toBe("INVALID_TRANSITION");
    expect((await move(bureauOfficer, "terminatePetition", `reason: "调解结案"`, id)).state).toBe("TERMINATED");
  });

  it("the handler being rated cannot record the evaluation; the petition department records its source", async () => {
    const id = await inHandling("广饶县某镇低保资格认定争议");
    await move(handler, "answerPetition", `outcome: EXPLAIN, text: "解释说明", deliveredAt: "${nowIso()}"`, id);
    expect(await refused(handler, `mutation { evaluateAnswer(id: "${id}", satisfaction: SATISFIED, source: PETITIONER) { id } }`)).toBe("FORBIDDEN");
    const ev = await move(registrar, "evaluateAnswer", `satisfaction: BASICALLY_SATISFIED, source: RETURN_VISIT`, id);
    expect(ev.state).toBe("EVALUATED");
    expect(ev.deadlines.find((d) => d.kind === "EVALUATION")?.state).toBe("MET");
    expect(ev.history.at(-1)).toMatchObject({ event: "EVALUATE", actor: "registrar-wang", details: { satisfaction: "BASICALLY_SATISFIED", source: "RETURN_VISIT" } });
  });

  it("a decision not to accept is not the end of a matter: it cannot be terminated", async () => {
    const id = (await submit("利津县某村宅基地确权")).submitPetition.id;
    await move(registrar, "forwardPetition", `toOrgId: "${ids.DY_ZJJ}"`, id);
    await move(handler, "notAcceptPetition", `reason: "已进入诉讼程序"`, id);
    expect(await refused(bureauOfficer, `mutation { terminatePetition(id: "${id}", reason: "终结") { id } }`)).toBe("INVALID_TRANSITION");
  });

  // Last in the file: its sweeps run at 2030 instants and would age every other test's clocks.
  it("a hearing pauses the 复核 clock: no warning or breach while it lasts, resumption adds exactly the hearing days", async () => {
    const id = await inHandling("东营区某棚改项目回迁安置面积争议");
    await move(handler, "answerPetition", `outcome: NOT_SUPPORT, text: "不予支持", deliveredAt: "${nowIso()}"`, id);
    await move(registrar, "requestReview", "", id);
    await move(reviewer, "issueReview", `outcome: NOT_SUPPORT, text: "维持", deliveredAt: "${nowIso()}"`, id);
    await move(registrar, "requestSecondReview", "", id);
    // Pin the 复核 opinion clock to end Tue 15 Jan 2030.
    await pin(id, "REREVIEW_OPINION", "dueAt", new Date("2030-01-15T15:59:59.999Z"));
    const hearing = await move(rereviewer, "startHearing", "", id);
    expect(hearing.state).toBe("HEARING");
    expect(clock(hearing, "REREVIEW_OPINION")?.state).toBe("PAUSED");

    // A sweep long after the due date, while the hearing lasts: the paused clock is neither warned nor breached.
    await sweepDeadlines(t.hub.deps, new Date("2030-06-01T00:00:00Z"));
    expect(clock(await read(id), "REREVIEW_OPINION")).toMatchObject({ state: "PAUSED", dueAt: "2030-01-15T15:59:59.999Z" });
    const warnings = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE aggregateId = ? AND type IN ('deadline.warning', 'deadline.lapsed')", [id]);
    expect(Number(warnings[0].n)).toBe(0);

    // The hearing began two days ago (local): it touched three local days (then, the day between, today).
    // 15 Jan 2030 + 3 days = Fri 18 Jan 2030.
    const began = new Date(Date.now() - 2 * 86_400_000);
    await pin(id, "REREVIEW_OPINION", "pausedAt", began);
    const ended = await move(rereviewer, "endHearing", "", id);
    expect(ended.state).toBe("REREVIEW_REQUESTED");
    expect(clock(ended, "REREVIEW_OPINION")).toMatchObject({ state: "OPEN", dueAt: "2030-01-18T15:59:59.999Z", originalDueAt: expect.any(String) });
    expect(ended.history.at(-1)).toMatchObject({ event: "END_HEARING", legalBasis: "信访工作条例 第36条 听证时间不计入" });

    // Running again: not breached before the moved due date, breached just after it.
    await sweepDeadlines(t.hub.deps, new Date("2030-01-18T15:00:00Z"));
    expect(clock(await read(id), "REREVIEW_OPINION")?.state).toBe("OPEN");
    await sweepDeadlines(t.hub.deps, new Date("2030-01-18T16:00:00Z"));
    expect(clock(await read(id), "REREVIEW_OPINION")?.state).toBe("BREACHED");
  });
});
