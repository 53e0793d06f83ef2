import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` shows the city bureau's supervision of the 市控 list: the old city visits still
// unresolved are past the resolution deadline (督办), the old entries past their review date, and one of those the
// bureau reviewed and kept, with its next review in two weeks.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

type Entry = { petitionId: string; listed: boolean; listedAt: string; reviewDueAt: string; resolutionDueAt: string; resolutionOverdueAt: string | null; reviewOverdueAt: string | null };
it("flags the overdue 市控 matters and reviews, with their alerts, and counts them on the screen", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{ cityControlList: Entry[]; alerts: { kind: string; severity: string; subjectId: string }[]; dashboard: { cityVisit: { resolutionOverdue: number; reviewsDue: number } } }>(
    bureau,
    `{ cityControlList(listed: true, first: 50) { petitionId listed listedAt reviewDueAt resolutionDueAt resolutionOverdueAt reviewOverdueAt }
       alerts(first: 200) { kind severity subjectId }
       dashboard { cityVisit { resolutionOverdue reviewsDue } } }`,
  );
  expect(r.errors).toBeUndefined();
  const list = r.data!.cityControlList;
  const now = Date.now();
  const overdue = list.filter((e) => e.resolutionOverdueAt !== null);
  const reviews = list.filter((e) => e.reviewOverdueAt !== null);
  expect(overdue.length).toBeGreaterThanOrEqual(1);
  expect(reviews.length).toBeGreaterThanOrEqual(1);
  // Flags only past the dates; every entry past its review date is flagged (or reviewed, below).
  for (const e of overdue) expect(Date.parse(e.resolutionDueAt)).toBeLessThan(Date.parse(e.resolutionOverdueAt!));
  for (const e of reviews) expect(Date.parse(e.reviewDueAt)).toBeLessThan(Date.parse(e.reviewOverdueAt!));
  expect(list.filter((e) => e.reviewOverdueAt === null && Date.parse(e.reviewDueAt) < now)).toEqual([]);
  // The reviewed one: listed over 30 days ago, its next review two weeks ahead, not flagged.
  const reviewed = list.filter((e) => e.reviewOverdueAt === null && Date.parse(e.reviewDueAt) - Date.parse(e.listedAt) > 31 * 86_400_000);
  expect(reviewed).toHaveLength(1);
  expect(Date.parse(reviewed[0].reviewDueAt)).toBeGreaterThan(now + 13 * 86_400_000);
  const alerts = r.data!.alerts;
  const subjects = (kind: string) => alerts.filter((a) => a.kind === kind).map((a) => a.subjectId).sort();
  expect(subjects("CITY_RESOLUTION_OVERDUE")).toEqual(overdue.map((e) => e.petitionId).sort());
  expect(alerts.filter((a) => a.kind === "CITY_RESOLUTION_OVERDUE").every((a) => a.severity === "CRITICAL")).toBe(true);
  expect(subjects("CITY_CONTROL_REVIEW_DUE")).toEqual([...reviews, ...reviewed].map((e) => e.petitionId).sort());
  expect(r.data!.dashboard.cityVisit).toEqual({ resolutionOverdue: overdue.length, reviewsDue: reviews.length });
});
