import { sweepDisputeCases } from "../../src/commands/sweep-dispute-cases";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// Mediation (矛盾纠纷调解) and pre-petition (访前化解) cases opened by a ledger entry's consultation, through GraphQL:
// which decisions open one, its owner and due time, closure, the overdue sweep, and scoping.
let t: TestHub;
const ids: Record<string, string> = {};
let grx = "";
let ljx = "";
let bureau = "";

const CASE = `id kind entryId consultationId localityOrgId owner dueAt state openedBy overdue outcomeNote closedAt closedBy petitionId`;
type Case = { id: string; kind: string; entryId: string; consultationId: string; localityOrgId: string; owner: string; dueAt: string; state: string; openedBy: string; overdue: boolean; outcomeNote: string | null; closedAt: string | null; closedBy: string | null; petitionId: string | null };
type Gql<T> = { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const code = (r: Gql<unknown>) => r.errors?.[0]?.extensions?.code;

const must = async <T>(p: Promise<Gql<T>>): Promise<T> => {
  const r = await p;
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
};
const fileEntry = async (token: string, localityOrgId: string) =>
  (await must(t.gql<{ fileLedgerEntry: { id: string } }>(token, `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, {
    i: { subject: "村民土地流转纠纷，拟集体上访", peopleCount: 12, riskType: "GROUP_GATHERING", reliability: "PROBABLE", localityOrgId, reporterRole: "MEDIATOR", reporterName: "调解员孙某" },
  }))).fileLedgerEntry.id;
const consult = (token: string, entryId: string, decision: string, dueAt = "2030-01-01T00:00:00Z", owner = "司法所所长王某") =>
  t.gql<{ recordConsultation: { entry: { state: string }; consultation: { id: string }; disputeCase: Case | null } }>(
    token,
    `mutation($e: ID!, $i: ConsultationInput!) { recordConsultation(entryId: $e, input: $i) { entry { state } consultation { id } disputeCase { ${CASE} } } }`,
    { e: entryId, i: { participants: ["信访局王某", "司法所李某"], assessment: "可调解", grade: "LOW", decision, owner, dueAt } },
  );
const openCase = async (token: string, decision = "OPEN_MEDIATION_CASE", dueAt?: string) => (await must(consult(token, await fileEntry(token, ids.GRX_XFJ), decision, dueAt))).recordConsultation.disputeCase!;
const close = (token: string, id: string, input: Record<string, unknown>) => t.gql<{ closeDisputeCase: Case }>(token, `mutation($id: ID!, $i: CloseDisputeCaseInput!) { closeDisputeCase(id: $id, input: $i) { ${CASE} } }`, { id, i: input });
const getCase = async (token: string, id: string) => (await must(t.gql<{ disputeCase: Case | null }>(token, `{ disputeCase(id: "${id}") { ${CASE} } }`))).disputeCase;
const events = async (caseId: string, type: string) => {
  const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE aggregateType = 'dispute-case' AND aggregateId = ? AND type = ?", [caseId, type]);
  return Number(n);
};
const submit = async (token: string, localityOrgId: string) =>
  (await must(t.gql<{ submitPetition: { id: string } }>(token, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "LETTER", category: "APPEAL_REQUEST", localityOrgId, summary: "土地流转款未兑付", request: `请求兑付流转款 ${Math.random()}`, petitioners: [{ name: "孙某" }] },
  }))).submitPetition.id;

beforeAll(async () => {
  t = await startTestHub();
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ"]) ids[code] = String((await t.org(code)).id);
  grx = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "grx-officer");
  ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "ljx-officer");
  bureau = await t.token("DY_XFJ", [Role.CASE_OFFICER], "bureau-officer");
});
afterAll(() => t?.stop());

describe("a consultation's decision", () => {
  it.each([
    ["OPEN_MEDIATION_CASE", "MEDIATION", "MEDIATION_OPENED"],
    ["OPEN_PRE_PETITION_CASE", "PRE_PETITION", "PRE_PETITION_OPENED"],
  ])("%s opens exactly one %s case, owned and due as the consultation says", async (decision, kind, entryState) => {
    const entryId = await fileEntry(grx, ids.GRX_XFJ);
    const r = (await must(consult(grx, entryId, decision, "2030-01-01T00:00:00Z", "司法所所长王某"))).recordConsultation;
    expect(r.entry.state).toBe(entryState);
    expect(r.disputeCase).toEqual(
      expect.objectContaining({ kind, entryId, consultationId: r.consultation.id, localityOrgId: ids.GRX_XFJ, owner: "司法所所长王某", dueAt: "2030-01-01T00:00:00.000Z", state: "OPEN", openedBy: "grx-officer", overdue: false, closedAt: null, petitionId: null }),
    );
    const entry = (await must(t.gql<{ ledgerEntry: { cases: Case[] } }>(grx, `{ ledgerEntry(id: "${entryId}") { cases { id kind } } }`))).ledgerEntry;
    expect(entry.cases).toEqual([{ id: r.disputeCase!.id, kind }]);
    expect(await events(r.disputeCase!.id, "disputeCase.opened")).toBe(1);
  });

  it.each(["DISMISS", "MONITOR", "ESCALATE_TO_JOINT_MEETING"])("%s opens none", async (decision) => {
    const entryId = await fileEntry(grx, ids.GRX_XFJ);
    const r = (await must(consult(grx, entryId, decision))).recordConsultation;
    expect(r.disputeCase).toBeNull();
    expect((await must(t.gql<{ ledgerEntry: { cases: Case[] } }>(grx, `{ ledgerEntry(id: "${entryId}") { cases { id } } }`))).ledgerEntry.cases).toEqual([]);
  });
});

describe("closing a case", () => {
  it("is done once by the locality's office: RESOLVED with a note, then INVALID_TRANSITION", async () => {
    const c = await openCase(grx);
    const done = (await must(close(grx, c.id, { outcome: "RESOLVED", note: "  双方达成调解协议  " }))).closeDisputeCase;
    expect(done).toEqual(expect.objectContaining({ state: "RESOLVED", outcomeNote: "双方达成调解协议", closedBy: "grx-officer", petitionId: null }));
    expect(done.closedAt).not.toBeNull();
    expect(code(await close(grx, c.id, { outcome: "FAILED", note: "再次关闭" }))).toBe("INVALID_TRANSITION");
    expect(code(await close(bureau, c.id, { outcome: "RESOLVED", note: "再次关闭" }))).toBe("INVALID_TRANSITION");
    expect((await getCase(grx, c.id))!.state).toBe("RESOLVED");
    expect(await events(c.id, "disputeCase.closed")).toBe(1);
  });

  it("FAILED may name a petition the caller sees; the city bureau may close a county's case", async () => {
    const c = await openCase(grx, "OPEN_PRE_PETITION_CASE");
    const petitionId = await submit(grx, ids.GRX_XFJ);
    const done = (await must(close(bureau, c.id, { outcome: "FAILED", note: "化解未果，已登记信访", petitionId }))).closeDisputeCase;
    expect(done).toEqual(expect.objectContaining({ state: "FAILED", petitionId, closedBy: "bureau-officer" }));
  });

  it("refuses bad input with BAD_USER_INPUT and a petition the caller cannot see with NOT_FOUND, writing nothing", async () => {
    const c = await openCase(grx);
    const own = await submit(grx, ids.GRX_XFJ);
    const elsewhere = await submit(ljx, ids.LJX_XFJ);
    expect(code(await close(grx, c.id, { outcome: "RESOLVED", note: "   " }))).toBe("BAD_USER_INPUT");
    expect(code(await close(grx, c.id, { outcome: "RESOLVED", note: "x".repeat(2001) }))).toBe("BAD_USER_INPUT");
    expect(code(await close(grx, c.id, { outcome: "RESOLVED", note: "已化解", petitionId: own }))).toBe("BAD_USER_INPUT");
    expect(code(await close(grx, c.id, { outcome: "FAILED", note: "未果", petitionId: elsewhere }))).toBe("NOT_FOUND");
    expect(await getCase(grx, c.id)).toEqual(expect.objectContaining({ state: "OPEN", outcomeNote: null, closedAt: null, petitionId: null }));
    expect(await events(c.id, "disputeCase.closed")).toBe(0);
  });
});

describe("scoping", () => {
  it("another county neither sees nor closes a county's case; the city bureau sees it", async () => {
    const c = await openCase(grx);
    expect(await getCase(ljx, c.id)).toBeNull();
    const listed = async (token: string) => (await must(t.gql<{ disputeCases: { id: string }[] }>(token, `{ disputeCases(first: 200) { id } }`))).disputeCases.map((x) => x.id);
    expect(await listed(ljx)).not.toContain(c.id);
    expect(await listed(grx)).toContain(c.id);
    expect(await listed(bureau)).toContain(c.id);
    expect((await getCase(bureau, c.id))!.id).toBe(c.id);
    expect(code(await close(ljx, c.id, { outcome: "RESOLVED", note: "越权关闭" }))).toBe("NOT_FOUND");
    expect((await getCase(grx, c.id))!.state).toBe("OPEN");
    const open = (await must(t.gql<{ disputeCases: { id: string; state: string }[] }>(grx, `{ disputeCases(state: OPEN, first: 200) { id state } }`))).disputeCases;
    expect(open.every((x) => x.state === "OPEN")).toBe(true);
    expect(open.map((x) => x.id)).toContain(c.id);
    // The command screen's panel has the same scope.
    const panel = async (token: string) => (await must(t.gql<{ dashboard: { disputeCases: { id: string }[] } }>(token, `{ dashboard { disputeCases { id } } }`))).dashboard.disputeCases.map((x) => x.id);
    expect(await panel(grx)).toContain(c.id);
    expect(await panel(bureau)).toContain(c.id);
    expect(await panel(ljx)).not.toContain(c.id);
  });
});

describe("the overdue sweep", () => {
  it("flags an open case 1 ms after its due time, not at it, once, and alerts the locality", async () => {
    const c = await openCase(grx, "OPEN_MEDIATION_CASE", "2031-06-30T08:00:00Z");
    const closed = await openCase(grx, "OPEN_MEDIATION_CASE", "2031-06-30T07:00:00Z");
    await must(close(grx, closed.id, { outcome: "RESOLVED", note: "已化解" }));
    const alerts = async () =>
      (await must(t.gql<{ alerts: { kind: string; severity: string; ownerOrgId: string; ownerPerson: string | null; subjectType: string; subjectId: string }[] }>(grx, `{ alerts(first: 200) { kind severity ownerOrgId ownerPerson subjectType subjectId } }`))).alerts.filter(
        (a) => a.subjectType === "DISPUTE_CASE",
      );

    await sweepDisputeCases(t.hub.deps, new Date("2031-06-30T08:00:00.000Z"));
    expect((await getCase(grx, c.id))!.overdue).toBe(false);
    expect((await alerts()).filter((a) => a.subjectId === c.id)).toEqual([]);

    const first = await sweepDisputeCases(t.hub.deps, new Date("2031-06-30T08:00:00.001Z"));
    expect(first.disputeCasesOverdue).toBeGreaterThanOrEqual(1);
    expect((await getCase(grx, c.id))!.overdue).toBe(true);
    expect((await alerts()).filter((a) => a.subjectId === c.id)).toEqual([{ kind: "DISPUTE_CASE_OVERDUE", severity: "WARNING", ownerOrgId: ids.GRX_XFJ, ownerPerson: "司法所所长王某", subjectType: "DISPUTE_CASE", subjectId: c.id }]);
    // A closed case is never flagged, however late.
    expect((await getCase(grx, closed.id))!.overdue).toBe(false);
    expect((await alerts()).filter((a) => a.subjectId === closed.id)).toEqual([]);

    expect(await sweepDisputeCases(t.hub.deps, new Date("2031-07-01T00:00:00.000Z"))).toEqual({ disputeCasesOverdue: 0 });
    expect((await alerts()).filter((a) => a.subjectId === c.id)).toHaveLength(1);
    expect(await events(c.id, "disputeCase.overdue")).toBe(1);
    // Another county does not get the alert.
    const theirs = (await must(t.gql<{ alerts: { subjectType: string; subjectId: string }[] }>(ljx, `{ alerts(first: 200) { subjectType subjectId } }`))).alerts;
    expect(theirs.filter((a) => a.subjectType === "DISPUTE_CASE" && a.subjectId === c.id)).toEqual([]);
  });
});
