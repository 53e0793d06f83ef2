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
  const r = await t.gql<{ ledgerEntries: { state: string; consultationOverdue: boolean }[]; alerts: { kind: string; state: string }[] }>(
    bureau,
    `{ ledgerEntries(first: 50) { state consultationOverdue } alerts(first: 50) { kind state } }`,
  );
  expect(r.errors).toBeUndefined();
  const entries = r.data!.ledgerEntries.map((e) => `${e.state}${e.consultationOverdue ? ":overdue" : ""}`).sort();
  expect(entries).toEqual(["AWAITING_CONSULTATION", "AWAITING_CONSULTATION:overdue", "ESCALATED", "MEDIATION_OPENED", "MONITORING"]);
  expect(r.data!.alerts.filter((a) => a.kind !== "CITY_LETTER_RESPONSE_OVERDUE").map((a) => `${a.kind}:${a.state}`).sort()).toEqual(["ALERT_ACK_OVERDUE:OPEN", "ALERT_ACK_OVERDUE:OPEN", "LEDGER_CONSULTATION_OVERDUE:OPEN", "LEDGER_ESCALATED:OPEN", "LEDGER_HIGH_RISK:OPEN"]);
});
