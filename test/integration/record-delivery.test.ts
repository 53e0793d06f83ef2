import { recordDeliveryCommand } from "../../src/commands/record-delivery";
import { transitionReferralCommand } from "../../src/commands/transition-referral";
import { loadDeliveryView } from "../../src/db/referral-queries";
import { systemPrincipal } from "../../src/domain/access/principal";
import { referralsOf, registerPetition } from "../factories/referrals";
import { startTestHub, TestHub } from "../factories/test-hub";

// HUB_ROLE=api: no relay and no delivery worker, so the referral stays SENT until the test moves it itself.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
});
afterAll(() => t?.stop());

async function sentReferral() {
  const petitionId = await registerPetition(t, { specialGroups: ["DISABLED"], summary: "残疾人两项补贴未发放" });
  const [r] = await referralsOf(t, petitionId);
  const view = await loadDeliveryView(t.hub.deps.db, Number(r.id));
  expect(view?.referral.state).toBe("SENT");
  return { petitionId, id: Number(r.id), seen: view!.referral };
}

async function ctx() {
  return { principal: systemPrincipal(await t.org("DY_XFJ"), "delivery"), requestId: "job:test" };
}

const moves = async (id: number) =>
  (await t.hub.deps.db.query("SELECT event, fromState, toState FROM referral_transition WHERE referralId = ? AND event = 'DELIVER'", [id])) as { event: string; fromState: string; toState: string }[];
const outboxCount = async (id: number) =>
  Number((await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE aggregateType = 'referral' AND aggregateId = ? AND type = 'referral.deliver'", [String(id)]))[0].n);

describe("recording a delivery with one conditional UPDATE", () => {
  it("moves a SENT referral to DELIVERED once; the same job re-run with its stale read changes nothing", async () => {
    const { id, seen } = await sentReferral();
    const first = await recordDeliveryCommand(t.hub.deps, await ctx(), seen, "CL-0001");
    expect(first.noop).toBe(false);
    expect(first.referral).toMatchObject({ state: "DELIVERED", externalRef: "CL-0001" });
    // A second copy of the job still holds the read from before the first wrote: its UPDATE matches no row
    // (state is no longer SENT), and the locked command then sees a repeat.
    const again = await recordDeliveryCommand(t.hub.deps, await ctx(), seen, "CL-0001");
    expect(again.noop).toBe(true);
    const after = (await loadDeliveryView(t.hub.deps.db, id))!.referral;
    expect(after).toMatchObject({ state: "DELIVERED", externalRef: "CL-0001" });
    expect(after.deliveredAt).not.toBeNull();
    expect(after.returnDueAt).not.toBeNull();
    expect(await moves(id)).toEqual([{ event: "DELIVER", fromState: "SENT", toState: "DELIVERED" }]);
    expect(await outboxCount(id)).toBe(1);
  });

  it("a callback that acknowledged the referral after the worker read it: the late reference is recorded once, the state stays ACKNOWLEDGED", async () => {
    const { id, seen } = await sentReferral();
    // The agency's 签收 callback overtakes the worker's bookkeeping (acknowledging implies delivery).
    const cl = systemPrincipal(await t.org("DY_XFJ"), "callback");
    await transitionReferralCommand(t.hub.deps, { principal: cl, requestId: "cb:test" }, id, { type: "ACKNOWLEDGE" });
    const r = await recordDeliveryCommand(t.hub.deps, await ctx(), seen, "CL-0002");
    expect(r.noop).toBe(false);
    const after = (await loadDeliveryView(t.hub.deps.db, id))!.referral;
    expect(after).toMatchObject({ state: "ACKNOWLEDGED", externalRef: "CL-0002" });
    expect(await moves(id)).toEqual([{ event: "DELIVER", fromState: "ACKNOWLEDGED", toState: "ACKNOWLEDGED" }]);
    // And once more: the reference is already there, so nothing is written again.
    expect((await recordDeliveryCommand(t.hub.deps, await ctx(), seen, "CL-0002")).noop).toBe(true);
    expect(await moves(id)).toHaveLength(1);
    expect(await outboxCount(id)).toBe(1);
  });
});
