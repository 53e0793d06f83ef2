import { sweepLedger } from "../../src/commands/sweep-ledger";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// Source early warning through GraphQL: filing, the consultation sweep, each decision's effect, alerts, scoping.
let t: TestHub;
const ids: Record<string, string> = {};
let grx = "";
let ljx = "";
let bureau = "";

const ENTRY = `id state consultationDueAt consultationOverdue filedAt localityOrgId`;
const file = async (token: string, localityOrgId: string, subject = "某小区业主拟聚集讨要房产证") =>
  t.gql<{ fileLedgerEntry: { id: string; state: string; consultationDueAt: string; consultationOverdue: boolean; filedAt: string } }>(
    token,
    `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { ${ENTRY} } }`,
    { i: { subject, peopleCount: 60, riskType: "GROUP_GATHERING", reliability: "PROBABLE", localityOrgId, reporterRole: "GRID_WORKER", reporterName: "网格员张某" } },
  );
const mustFile = async (token: string, localityOrgId: string) => {
  const r = await file(token, localityOrgId);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.fileLedgerEntry;
};
const consult = (token: string, entryId: string, decision: string, grade = "LOW", extra: Record<string, unknown> = {}) =>
  t.gql<{ recordConsultation: { entry: { state: string }; consultation: { decision: string; petitionId: string | null } } }>(
    token,
    `mutation($e: ID!, $i: ConsultationInput!) { recordConsultation(entryId: $e, input: $i) { entry { state } consultation { decision petitionId } } }`,
    { e: entryId, i: { participants: ["信访局王某", "司法所李某"], assessment: "诉求集中于办证", grade, decision, owner: "副县长赵某", dueAt: "2030-01-01T00:00:00Z", ...extra } },
  );
const alertsOf = async (token: string) =>
  (await t.gql<{ alerts: { id: string; kind: string; severity: string; ownerOrgId: string; ownerPerson: string | null; subjectId: string; state: string; ackDueAt: string; raisedAt: string; requiredActions: string[] }[] }>(token, `{ alerts(first: 200) { id kind severity ownerOrgId ownerPerson subjectId state ackDueAt raisedAt requiredActions } }`)).data!.alerts;

beforeAll(async () => {
  t = await startTestHub();
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_XFJ"]) ids[code] = String((await t.org(code)).id);
  grx = await t.token("GRX_XFJ", [Role.CASE_OFFICER], "grx-officer");
  ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "ljx-officer");
  bureau = await t.token("DY_XFJ", [Role.CASE_OFFICER], "bureau-officer");
});
afterAll(() => t?.stop());

describe("a ledger entry without consultation past its deadline", () => {
  it("is flagged by the sweep and alerts the locality's supervisor (the city bureau), once", async () => {
    const e = await mustFile(grx, ids.GRX_XFJ);
    expect(e.state).toBe("AWAITING_CONSULTATION");
    // Default 3 days = 259 200 000 ms after filing.
    expect(new Date(e.consultationDueAt).getTime() - new Date(e.filedAt).getTime()).toBe(259_200_000);
    const due = new Date(e.consultationDueAt);

    expect(await sweepLedger(t.hub.deps, due)).toEqual({ ledgerOverdue: 0 }); // due at that instant: not yet overdue
    const after = new Date(due.getTime() + 1);
    const first = await sweepLedger(t.hub.deps, after);
    expect(first.ledgerOverdue).toBeGreaterThanOrEqual(1);
    const got = (await t.gql<{ ledgerEntry: { consultationOverdue: boolean; state: string } }>(grx, `{ ledgerEntry(id: "${e.id}") { consultationOverdue state } }`)).data!.ledgerEntry;
    expect(got).toEqual({ consultationOverdue: true, state: "AWAITING_CONSULTATION" });

    const alert = (await alertsOf(bureau)).filter((a) => a.subjectId === e.id);
    expect(alert).toEqual([expect.objectContaining({ kind: "LEDGER_CONSULTATION_OVERDUE", ownerOrgId: ids.DY_XFJ, state: "OPEN", ownerPerson: null })]);
    // Acknowledgement due 24 hours after the alert was raised.
    expect(new Date(alert[0].ackDueAt).getTime() - new Date(alert[0].raisedAt).getTime()).toBe(86_400_000);
    expect(new Date(alert[0].raisedAt).getTime()).toBe(after.getTime());
    // The county itself does not own the supervisor's alert.
    expect((await alertsOf(grx)).some((a) => a.id === alert[0].id)).toBe(false);

    // Idempotent: a second sweep flags and alerts nothing new.
    await sweepLedger(t.hub.deps, new Date(after.getTime() + 60_000));
    expect((await alertsOf(bureau)).filter((a) => a.subjectId === e.id)).toHaveLength(1);
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ledger.consultation-overdue' AND aggregateId = ?", [e.id]);
    expect(Number(n)).toBe(1);
  });

  it("is not flagged once consulted in time", async () => {
    const e = await mustFile(grx, ids.GRX_XFJ);
    expect((await consult(grx, e.id, "MONITOR")).errors).toBeUndefined();
    await sweepLedger(t.hub.deps, new Date(new Date(e.consultationDueAt).getTime() + 1));
    const got = (await t.gql<{ ledgerEntry: { consultationOverdue: boolean } }>(grx, `{ ledgerEntry(id: "${e.id}") { consultationOverdue } }`)).data!.ledgerEntry;
    expect(got.consultationOverdue).toBe(false);
  });
});

describe("each consultation decision has its effect", () => {
  it.each([
    ["DISMISS", "LOW", "DISMISSED", []],
    ["MONITOR", "MEDIUM", "MONITORING", []],
    ["OPEN_MEDIATION_CASE", "LOW", "MEDIATION_OPENED", []],
    ["OPEN_PRE_PETITION_CASE", "MEDIUM", "PRE_PETITION_OPENED", []],
    ["ESCALATE_TO_JOINT_MEETING", "MEDIUM", "ESCALATED", ["LEDGER_ESCALATED:CRITICAL"]],
    ["MONITOR", "HIGH", "MONITORING", ["LEDGER_HIGH_RISK:WARNING"]],
    ["ESCALATE_TO_JOINT_MEETING", "MAJOR", "ESCALATED", ["LEDGER_ESCALATED:CRITICAL", "LEDGER_HIGH_RISK:CRITICAL"]],
  ])("%s graded %s → %s, alerts %j", async (decision, grade, state, alerts) => {
    const e = await mustFile(grx, ids.GRX_XFJ);
    const r = await consult(grx, e.id, decision, grade);
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordConsultation.entry.state).toBe(state);
    const mine = (await alertsOf(grx)).filter((a) => a.subjectId === e.id);
    expect(mine.map((a) => `${a.kind}:${a.severity}`).sort()).toEqual([...alerts].sort());
    for (const a of mine) expect(a).toEqual(expect.objectContaining({ ownerOrgId: ids.GRX_XFJ, ownerPerson: "副县长赵某", state: "OPEN" }));
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE type = 'ledger.consulted' AND aggregateId = ?", [e.id]);
    expect(Number(n)).toBe(1);
  });

  it("a final decision cannot be consulted again; a monitored entry can", async () => {
    const e = await mustFile(grx, ids.GRX_XFJ);
    await consult(grx, e.id, "MONITOR");
    expect((await consult(grx, e.id, "DISMISS")).data!.recordConsultation.entry.state).toBe("DISMISSED");
    const again = await consult(grx, e.id, "MONITOR");
    expect(again.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    const list = (await t.gql<{ ledgerEntry: { state: string; consultations: { decision: string }[] } }>(grx, `{ ledgerEntry(id: "${e.id}") { state consultations { decision } } }`)).data!.ledgerEntry;
    expect(list).toEqual({ state: "DISMISSED", consultations: [{ decision: "MONITOR" }, { decision: "DISMISS" }] });
  });

  it("links a petition the caller can see, and refuses one it cannot", async () => {
    const made = await t.gql<{ submitPetition: { id: string } }>(grx, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
      i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: ids.GRX_XFJ, summary: "房产证办理", request: "请求办证", petitioners: [{ name: "孙某" }] },
    });
    const pid = made.data!.submitPetition.id;
    const e = await mustFile(grx, ids.GRX_XFJ);
    const linked = await consult(grx, e.id, "OPEN_PRE_PETITION_CASE", "MEDIUM", { petitionId: pid });
    expect(linked.data!.recordConsultation.consultation).toEqual({ decision: "OPEN_PRE_PETITION_CASE", petitionId: pid });
    const other = await mustFile(ljx, ids.LJX_XFJ);
    expect((await consult(ljx, other.id, "MONITOR", "LOW", { petitionId: pid })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await t.gql<{ ledgerEntry: { state: string } }>(ljx, `{ ledgerEntry(id: "${other.id}") { state } }`)).data!.ledgerEntry.state).toBe("AWAITING_CONSULTATION");
  });

  it("refuses bad input and leaves nothing written", async () => {
    const e = await mustFile(grx, ids.GRX_XFJ);
    const r = await consult(grx, e.id, "MONITOR", "LOW", { participants: [], dueAt: "2020-01-01T00:00:00Z" });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const bad = await t.gql(grx, `mutation($i: FileLedgerEntryInput!) { fileLedgerEntry(input: $i) { id } }`, { i: { subject: "x", peopleCount: 3, riskType: "ACCIDENT", reliability: "CONFIRMED", localityOrgId: ids.GRX_XFJ, reporterRole: "ASTROLOGER", reporterName: "某" } });
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM ledger_consultation WHERE entryId = ?", [e.id]);
    expect(Number(n)).toBe(0);
  });
});

describe("scoping", () => {
  it("a county cannot read or act on another county's entries; anonymous is refused", async () => {
    const e = await mustFile(grx, ids.GRX_XFJ);
    expect((await t.gql<{ ledgerEntry: unknown }>(ljx, `{ ledgerEntry(id: "${e.id}") { id } }`)).data!.ledgerEntry).toBeNull();
    const listed = (await t.gql<{ ledgerEntries: { id: string; localityOrgId: string }[] }>(ljx, `{ ledgerEntries(first: 200) { id localityOrgId } }`)).data!.ledgerEntries;
    expect(listed.every((x) => x.localityOrgId === ids.LJX_XFJ)).toBe(true);
    expect((await consult(ljx, e.id, "DISMISS")).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await file(ljx, ids.GRX_XFJ)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const agency = await t.token("DY_CL", [Role.HANDLER]);
    expect((await t.gql<{ ledgerEntries: unknown[] }>(agency, `{ ledgerEntries { id } }`)).data!.ledgerEntries).toEqual([]);
    expect((await t.gql(null, `{ ledgerEntries { id } }`)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect((await t.gql(null, `{ alerts { id } }`)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    // The city bureau sees both counties' entries.
    const all = (await t.gql<{ ledgerEntries: { localityOrgId: string }[] }>(bureau, `{ ledgerEntries(first: 200) { localityOrgId } }`)).data!.ledgerEntries;
    expect(new Set(all.map((x) => x.localityOrgId))).toEqual(new Set([ids.GRX_XFJ, ids.LJX_XFJ]));
  });

  it("an alert is acknowledged and closed by its owner, with who and when; another county cannot touch it", async () => {
    const e = await mustFile(grx, ids.GRX_XFJ);
    await consult(grx, e.id, "ESCALATE_TO_JOINT_MEETING", "MEDIUM");
    const [a] = (await alertsOf(grx)).filter((x) => x.subjectId === e.id);
    expect((await t.gql(ljx, `mutation { acknowledgeAlert(id: "${a.id}") { id } }`)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const ack = await t.gql<{ acknowledgeAlert: { state: string; acknowledgedBy: string; acknowledgedAt: string } }>(grx, `mutation { acknowledgeAlert(id: "${a.id}") { state acknowledgedBy acknowledgedAt } }`);
    expect(ack.data!.acknowledgeAlert).toEqual(expect.objectContaining({ state: "ACKNOWLEDGED", acknowledgedBy: "grx-officer" }));
    expect((await t.gql(grx, `mutation { acknowledgeAlert(id: "${a.id}") { id } }`)).errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    const closed = await t.gql<{ closeAlert: { state: string; closedBy: string; closeNote: string } }>(grx, `mutation { closeAlert(id: "${a.id}", note: "已召开联席会议") { state closedBy closeNote } }`);
    expect(closed.data!.closeAlert).toEqual({ state: "CLOSED", closedBy: "grx-officer", closeNote: "已召开联席会议" });
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE aggregateType = 'alert' AND aggregateId = ?", [a.id]);
    expect(Number(n)).toBe(3); // raised, acknowledged, closed
  });
});
