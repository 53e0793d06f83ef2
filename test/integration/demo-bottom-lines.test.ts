import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` includes a bottom-line breach with its report chain partly made, and a watched post.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

it("loads one breach of line 2 at 利津 (city report on time, provincial late, national flagged by the sweep), its candidates and a line-4 pre-alert", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{
    bottomLineBreaches: { line: string; owningLeader: string; reports: { recipient: string; reportedAt: string | null; late: boolean }[] }[];
    bottomLineStatus: { localities: { orgCode: string; lines: { line: string; daysSince: number | null }[] }[] };
    alerts: { kind: string; severity: string; state: string }[];
    accountabilityCandidates: { cause: string }[];
  }>(
    bureau,
    `{ bottomLineBreaches(first: 10) { line owningLeader reports { recipient reportedAt late } }
       bottomLineStatus { localities { orgCode lines { line daysSince } } }
       alerts(first: 100) { kind severity state } accountabilityCandidates(first: 100) { cause } }`,
  );
  expect(r.errors).toBeUndefined();
  const d = r.data!;
  expect(d.bottomLineBreaches.map((b) => [b.line, b.owningLeader, b.reports.map((x) => [x.recipient, x.reportedAt !== null, x.late])])).toEqual([
    ["PROVINCE_GROUP", "利津县副县长李某", [["CITY_LEADERSHIP", true, false], ["PROVINCIAL_BUREAU", true, true], ["NATIONAL_BUREAU", false, true]]],
  ]);
  const lijin = d.bottomLineStatus.localities.find((l) => l.orgCode === "LJX_XFJ")!;
  // Occurred 28 hours before the seed ran: one or two Beijing calendar days ago, depending on the hour.
  expect([1, 2]).toContain(lijin.lines.find((l) => l.line === "PROVINCE_GROUP")!.daysSince);
  expect(d.alerts.filter((a) => a.kind === "BOTTOM_LINE_BREACH").map((a) => [a.severity, a.state])).toEqual([["CRITICAL", "ACKNOWLEDGED"]]);
  expect(d.alerts.filter((a) => a.kind === "BOTTOM_LINE_PRE_ALERT").length).toBe(2); // 垦利's group of 30, 广饶's post
  // Only this mechanism's causes: the demo's 市控 supervision raises MISSED_HANDLING_DEADLINE candidates of its own.
  const mine = new Set(["BOTTOM_LINE_BREACH", "URGENT_REPORT_LATE"]);
  expect(d.accountabilityCandidates.map((c) => c.cause).filter((c) => mine.has(c)).sort()).toEqual(["BOTTOM_LINE_BREACH", "URGENT_REPORT_LATE", "URGENT_REPORT_LATE"]);
});
