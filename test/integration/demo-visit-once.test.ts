import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The demo data of `npm start` shows 最多访一次: an open repeat-visit alert (at the first receiving unit and at the city
// bureau) and a reassignment awaiting the bureau's approval.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ DEMO_DATA: "yes" });
});
afterAll(() => t?.stop());

it("loads a repeat visit with its two open alerts and a pending reassignment", async () => {
  const bureau = await t.token("DY_XFJ", [Role.LEADER]);
  const r = await t.gql<{ alerts: { kind: string; state: string; ownerOrgId: string; subjectId: string }[]; dashboard: { visitOnce: { openRepeatVisitAlerts: number } } }>(
    bureau,
    `{ alerts(first: 200) { kind state ownerOrgId subjectId } dashboard { visitOnce { openRepeatVisitAlerts } } }`,
  );
  expect(r.errors).toBeUndefined();
  const repeat = r.data!.alerts.filter((a) => a.kind === "REPEAT_VISIT");
  const grx = String((await t.org("GRX_XFJ")).id);
  const city = String((await t.org("DY_XFJ")).id);
  expect(repeat.map((a) => `${a.ownerOrgId}:${a.state}`).sort()).toEqual([`${grx}:OPEN`, `${city}:OPEN`].sort());
  expect(r.data!.dashboard.visitOnce.openRepeatVisitAlerts).toBe(2);
  // The repeat visit's matter is owned by 广饶 (its first receiving unit).
  const m = await t.gql<{ matter: { firstReceivingUnit: { code: string } } }>(bureau, `{ matter(petitionId: "${repeat[0].subjectId}") { firstReceivingUnit { code } } }`);
  expect(m.data!.matter.firstReceivingUnit.code).toBe("GRX_XFJ");

  const pending = await t.hub.deps.db.query(`SELECT state, toOrgId FROM matter_reassignment`);
  expect(pending.map((x: { state: string; toOrgId: number }) => `${x.state}:${x.toOrgId}`)).toEqual([`PENDING:${(await t.org("DYQ_XFJ")).id}`]);
});
