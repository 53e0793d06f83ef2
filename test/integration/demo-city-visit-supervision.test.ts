import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` shows the city bureau's supervision of the 市控 list: one listed matter past the
// resolution deadline the bureau set (督办: CRITICAL alert, accountability candidate) and one entry due for review.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

it("loads one 市控 matter overdue for resolution and one entry due for review, on the list, the alerts and the screen", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{ cityControlList: { petitionId: string; listed: boolean; resolutionOverdueAt: string | null; reviewOverdueAt: string | null }[]; alerts: { kind: string; severity: string; subjectId: string }[]; dashboard: { cityVisit: { resolutionOverdue: number; reviewsDue: number } } }>(
    bureau,
    `{ cityControlList(first: 50) { petitionId listed resolutionOverdueAt reviewOverdueAt }
       alerts(first: 200) { kind severity subjectId }
       dashboard { cityVisit { resolutionOverdue reviewsDue } } }`,
  );
  expect(r.errors).toBeUndefined();
  const list = r.data!.cityControlList;
  const overdue = list.filter((e) => e.resolutionOverdueAt !== null);
  const reviews = list.filter((e) => e.reviewOverdueAt !== null);
  expect(overdue).toHaveLength(1);
  expect(reviews).toHaveLength(1);
  expect(overdue[0].petitionId).not.toBe(reviews[0].petitionId);
  expect([overdue[0].listed, reviews[0].listed]).toEqual([true, true]);
  const alerts = r.data!.alerts;
  expect(alerts.filter((a) => a.kind === "CITY_RESOLUTION_OVERDUE").map((a) => [a.subjectId, a.severity])).toEqual([[overdue[0].petitionId, "CRITICAL"]]);
  expect(alerts.filter((a) => a.kind === "CITY_CONTROL_REVIEW_DUE").map((a) => a.subjectId)).toEqual([reviews[0].petitionId]);
  expect(r.data!.dashboard.cityVisit).toEqual({ resolutionOverdue: 1, reviewsDue: 1 });
});
