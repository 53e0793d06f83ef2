import { recordDeliveriesCommand } from "../../src/commands/record-deliveries";
import { transitionReferralCommand } from "../../src/commands/transition-referral";
import { In } from "typeorm";
import { OutboxEntity, ReferralEntity, ReferralTransitionEntity } from "../../src/db/entities";
import { loadDeliveryViews } from "../../src/db/referral-queries";
import { systemPrincipal } from "../../src/domain/access/principal";
import { Role } from "../../src/domain/petition-terms";
import { referralsOf, registerPetition } from "../factories/referrals";
import { startTestHub, TestHub } from "../factories/test-hub";

// HUB_ROLE=api: no relay and no delivery worker, so referrals stay SENT until the test records them itself.
let t: TestHub;
const statements: string[] = [];
beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" }, undefined, { onQuery: (sql) => statements.push(sql) });
});
afterAll(() => t?.stop());

/** `n` SENT referrals of petitions with two petitioners each, as the worker reads them (one statement). */
async function sentReferrals(n: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const petitionId = await registerPetition(t, { specialGroups: ["DISABLED"], summary: `残疾人补贴 ${i}`, petitioners: [{ name: `甲${i}`, phone: "13800001111" }, { name: `乙${i}` }] });
    ids.push(Number((await referralsOf(t, petitionId))[0].id));
  }
  statements.length = 0;
  const views = await loadDeliveryViews(t.hub.deps.db, [...ids, 999_999_999]);
  expect(statements.filter((s) => /^\s*SELECT/i.test(s))).toHaveLength(1);
  return { ids, views };
}

async function ctx(job: number) {
  return { principal: systemPrincipal(await t.org("DY_XFJ"), "delivery"), requestId: `job:${job}` };
}

const transitions = async (ids: number[]) =>
  (await t.hub.deps.db.query(`SELECT referralId, fromState, toState, requestId, details FROM referral_transition WHERE event = 'DELIVER' AND referralId IN (${ids.join(",")}) ORDER BY referralId`)) as { referralId: number; fromState: string; toState: string; requestId: string; details: string }[];
const deliverEvents = async (ids: number[]) =>
  (await t.hub.deps.db.query(`SELECT aggregateId, payload FROM outbox WHERE type = 'referral.deliver' AND aggregateId IN (${ids.map((i) => `'${i}'`).join(",")}) ORDER BY id`)) as { aggregateId: string; payload: string }[];
const rows = async (ids: number[]) =>
  (await t.hub.deps.db.query(`SELECT id, state, externalRef, deliveredAt, returnDueAt FROM referral WHERE id IN (${ids.join(",")}) ORDER BY id`)) as { id: number; state: string; externalRef: string | null; deliveredAt: unknown; returnDueAt: unknown }[];

describe("delivery views read as a group", () => {
  it("one statement returns each referral with its own petitioners (masked phones), in order; a missing id is absent", async () => {
    const { ids, views } = await sentReferrals(3);
    expect([...views.keys()]).toEqual(ids);
    ids.forEach((id, i) => {
      const v = views.get(id)!;
      expect(v.referral).toMatchObject({ id, state: "SENT", externalRef: null });
      expect(v.summary).toBe(`残疾人补贴 ${i}`);
      expect(v.petitioners).toEqual([{ name: `甲${i}`, phoneMasked: "138****1111" }, { name: `乙${i}`, phoneMasked: null }]);
    });
  });
});

describe("recording a group of deliveries", () => {
  it("writes a group of SENT referrals with one compare-and-set UPDATE: each gets its own reference, one transition and one event", async () => {
    const { ids, views } = await sentReferrals(3);
    statements.length = 0;
    const results = await recordDeliveriesCommand(t.hub.deps, await Promise.all(ids.map(async (id, i) => ({ ctx: await ctx(i), seen: views.get(id)!.referral, externalRef: `CL-G${i}` }))));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(statements.filter((s) => /^\s*UPDATE\s+[`"]?referral[`"]?\s/i.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /^\s*INSERT/i.test(s))).toHaveLength(2);
    const after = await rows(ids);
    expect(after.map((r) => [Number(r.id), r.state, r.externalRef])).toEqual(ids.map((id, i) => [id, "DELIVERED", `CL-G${i}`]));
    for (const r of after) expect([r.deliveredAt, r.returnDueAt]).not.toContain(null);
    expect((await transitions(ids)).map((x) => [Number(x.referralId), x.fromState, x.toState, x.requestId, JSON.parse(x.details)])).toEqual(ids.map((id, i) => [id, "SENT", "DELIVERED", `job:${i}`, { externalRef: `CL-G${i}` }]));
    expect((await deliverEvents(ids)).map((e) => Number(e.aggregateId))).toEqual(ids);
  });

  it("the raw-SQL group writes read back through TypeORM exactly as written: millisecond instants in UTC, JSON, nulls", async () => {
    const { ids, views } = await sentReferrals(2);
    const now = new Date("2026-03-04T05:06:07.089Z");
    const items = await Promise.all(ids.map(async (id, i) => ({ ctx: { ...(await ctx(i)), now }, seen: views.get(id)!.referral, externalRef: `CL-T${i}` })));
    const results = await recordDeliveriesCommand(t.hub.deps, items);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const db = t.hub.deps.db;
    const referrals = await db.getRepository(ReferralEntity).find({ where: { id: In(ids) }, order: { id: "ASC" } });
    expect(referrals.map((r) => [r.state, r.externalRef, r.deliveredAt?.toISOString(), r.updatedAt.toISOString()])).toEqual(ids.map((_, i) => ["DELIVERED", `CL-T${i}`, now.toISOString(), now.toISOString()]));
    for (const r of referrals) expect(r.returnDueAt!.getTime()).toBeGreaterThan(now.getTime());
    const moves = await db.getRepository(ReferralTransitionEntity).find({ where: { referralId: In(ids), event: "DELIVER" }, order: { referralId: "ASC" } });
    expect(moves.map((m) => [m.referralId, m.at.toISOString(), m.details, m.reason, m.requestId])).toEqual(ids.map((id, i) => [id, now.toISOString(), { externalRef: `CL-T${i}` }, null, `job:${i}`]));
    const events = await db.getRepository(OutboxEntity).find({ where: { type: "referral.deliver", aggregateId: In(ids.map(String)) }, order: { id: "ASC" } });
    expect(events.map((e) => [e.aggregateType, e.aggregateId, e.createdAt.toISOString(), e.sentAt, e.attempts])).toEqual(ids.map((id) => ["referral", String(id), now.toISOString(), null, 0]));
    expect(events.map((e) => e.payload)).toEqual(ids.map((id, i) => expect.objectContaining({ referralId: id, from: "SENT", to: "DELIVERED", actor: items[i].ctx.principal.subject, requestId: `job:${i}` })));
  });

  it("when one referral moved since it was read (a callback 签收), the group is rolled back and each is recorded alone: the late reference once, the others delivered", async () => {
    const { ids, views } = await sentReferrals(3);
    await transitionReferralCommand(t.hub.deps, { principal: systemPrincipal(await t.org("DY_XFJ"), "callback"), requestId: "cb:test" }, ids[1], { type: "ACKNOWLEDGE" });
    const results = await recordDeliveriesCommand(t.hub.deps, await Promise.all(ids.map(async (id, i) => ({ ctx: await ctx(i), seen: views.get(id)!.referral, externalRef: `CL-M${i}` }))));
    expect(results.map((r) => r.status === "fulfilled" && r.value.noop)).toEqual([false, false, false]);
    expect((await rows(ids)).map((r) => [r.state, r.externalRef])).toEqual([["DELIVERED", "CL-M0"], ["ACKNOWLEDGED", "CL-M1"], ["DELIVERED", "CL-M2"]]);
    expect((await transitions(ids)).map((x) => [x.fromState, x.toState])).toEqual([["SENT", "DELIVERED"], ["ACKNOWLEDGED", "ACKNOWLEDGED"], ["SENT", "DELIVERED"]]);
    expect(await deliverEvents(ids)).toHaveLength(3);
  });

  it("two copies of one job in the same group (and a third run later) record the delivery exactly once", async () => {
    const { ids, views } = await sentReferrals(2);
    const seen = views.get(ids[0])!.referral;
    const items = [{ ctx: await ctx(1), seen, externalRef: "CL-D1" }, { ctx: await ctx(1), seen, externalRef: "CL-D1" }, { ctx: await ctx(2), seen: views.get(ids[1])!.referral, externalRef: "CL-D2" }];
    const first = await recordDeliveriesCommand(t.hub.deps, items);
    expect(first.map((r) => r.status === "fulfilled" && r.value.noop).sort()).toEqual([false, false, true]);
    const again = await recordDeliveriesCommand(t.hub.deps, items.slice(0, 1));
    expect(again[0]).toMatchObject({ status: "fulfilled", value: { noop: true } });
    expect((await rows(ids)).map((r) => [r.state, r.externalRef])).toEqual([["DELIVERED", "CL-D1"], ["DELIVERED", "CL-D2"]]);
    expect(await transitions(ids)).toHaveLength(2);
    expect(await deliverEvents(ids)).toHaveLength(2);
  });

  it("a delivery the caller may not record fails alone; the rest of the group is written", async () => {
    const { ids, views } = await sentReferrals(3);
    // 残联's own handler may see its referral but only the hub's system principal records a delivery.
    const cl = await t.org("DY_CL");
    const handler = { subject: "test:DY_CL", orgId: cl.id, orgCode: cl.code, orgKind: cl.kind, orgLevel: cl.level, orgPath: [cl.id], roles: [Role.HANDLER] };
    const items = await Promise.all(ids.map(async (id, i) => ({ ctx: i === 0 ? { principal: handler, requestId: "job:x" } : await ctx(i), seen: views.get(id)!.referral, externalRef: `CL-F${i}` })));
    const results = await recordDeliveriesCommand(t.hub.deps, items);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
    expect((await rows(ids)).map((r) => r.state)).toEqual(["SENT", "DELIVERED", "DELIVERED"]);
    expect(await transitions(ids)).toHaveLength(2);
  });
});
