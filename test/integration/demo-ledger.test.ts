import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` includes risk ledgers in every state the command screen shows, and their alerts.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

// Only the ledgers' alerts: the fast-track letters' alerts are demo-city-visit.test.ts's.
it("loads ledgers (escalated, overdue, awaiting, monitored, mediation) and the alerts they raise", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{ ledgerEntries: { state: string; consultationOverdue: boolean }[]; alerts: { id: string; kind: string; state: string; subjectType: string; subjectId: string }[] }>(
    bureau,
    `{ ledgerEntries(first: 50) { state consultationOverdue } alerts(first: 200) { id kind state subjectType subjectId } }`,
  );
  expect(r.errors).toBeUndefined();
  const entries = r.data!.ledgerEntries.map((e) => `${e.state}${e.consultationOverdue ? ":overdue" : ""}`).sort();
  expect(entries).toEqual(["AWAITING_CONSULTATION", "AWAITING_CONSULTATION:overdue", "ESCALATED", "MEDIATION_OPENED", "MONITORING"]);
  // Other demo mechanisms (accidents, bottom lines, …) raise alerts of their own and are tested with their demos;
  // these are the ledger's, and the escalations of those nobody signed for.
  const ledger = new Set(r.data!.alerts.filter((a) => a.kind.startsWith("LEDGER_")).map((a) => a.id));
  const mine = r.data!.alerts.filter((a) => ledger.has(a.id) || (a.kind === "ALERT_ACK_OVERDUE" && a.subjectType === "ALERT" && ledger.has(a.subjectId)));
  expect(mine.map((a) => `${a.kind}:${a.state}`).sort()).toEqual(["ALERT_ACK_OVERDUE:OPEN", "ALERT_ACK_OVERDUE:OPEN", "LEDGER_CONSULTATION_OVERDUE:OPEN", "LEDGER_ESCALATED:OPEN", "LEDGER_HIGH_RISK:OPEN"]);
  // Issue 9 item 1: the mediation entry has its case, opened by its consultation.
  const cases = (await t.gql<{ ledgerEntries: { state: string; cases: { kind: string; state: string; owner: string }[] }[] }>(bureau, `{ ledgerEntries(first: 50) { state cases { kind state owner } } }`)).data!.ledgerEntries;
  expect(cases.filter((e) => e.cases.length).map((e) => ({ state: e.state, cases: e.cases }))).toEqual([{ state: "MEDIATION_OPENED", cases: [{ kind: "MEDIATION", state: "OPEN", owner: "司法所所长王某" }] }]);
});
