import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` includes an open accident case with one duty overdue and one closed by agreement.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

it("loads an open accident case with its opinion watch overdue, one closed by agreement, and their open alerts", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{ accidentCases: { state: string; closureBasis: string | null; ledgerEntryId: string | null; duties: { kind: string; done: boolean; overdue: boolean }[] }[]; alerts: { kind: string; state: string }[]; dashboard: { accidentCases: { id: string }[] } }>(
    bureau,
    `{ accidentCases(first: 50) { state closureBasis ledgerEntryId duties { kind done overdue } } alerts(first: 100) { kind state } dashboard { accidentCases { id } } }`,
  );
  expect(r.errors).toBeUndefined();
  const [closed, open] = r.data!.accidentCases.sort((a, b) => a.state.localeCompare(b.state));
  expect(open.state).toBe("OPEN");
  expect(open.ledgerEntryId).not.toBeNull();
  expect(open.duties.map((d) => `${d.kind}:${d.done ? "done" : "open"}${d.overdue ? ":overdue" : ""}`)).toEqual(["WORKING_TEAM:done", "OPINION_WATCH:open:overdue", "RISK_CONSULTATION:done"]);
  expect(closed).toEqual(expect.objectContaining({ state: "CLOSED", closureBasis: "AGREEMENT" }));
  expect(closed.duties.every((d) => d.done && !d.overdue)).toBe(true);
  const accidentAlerts = r.data!.alerts.filter((a) => a.kind.startsWith("ACCIDENT_")).map((a) => `${a.kind}:${a.state}`).sort();
  expect(accidentAlerts).toEqual(["ACCIDENT_DUTY_OVERDUE:OPEN", "ACCIDENT_OPENED:CLOSED", "ACCIDENT_OPENED:OPEN", "ACCIDENT_REPORTED:CLOSED", "ACCIDENT_REPORTED:OPEN"]);
  expect(r.data!.dashboard.accidentCases).toHaveLength(1);
});
