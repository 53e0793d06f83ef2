import { sweepReferrals } from "../../src/commands/sweep-referrals";
import { systemPrincipal } from "../../src/domain/access/principal";
import { Role } from "../../src/domain/petition-terms";
import { createLogger } from "../../src/platform/logger";
import { referralsOf, registerPetition, waitForReferrals } from "../factories/referrals";
import { startTestHub, TestHub } from "../factories/test-hub";

// Cases an agency raises towards the bureau (the inbound direction of 特殊群体联动): registered once however many
// registrars press the button at once, and flagged when the bureau lets its take-up period pass. No agency
// connectors: outbound referrals stay SENT, which is all the referral sweep needs.

let t: TestHub;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  const log = createLogger("info", { write: (l: string) => void lines.push(JSON.parse(l)) });
  t = await startTestHub({}, undefined, { log });
}, 60_000);
afterAll(() => t?.stop());

const RAISE = `mutation($i: RaiseReferralInput!) { raiseReferral(input: $i) { id responseDueAt } }`;
const REGISTER = (id: string) => `mutation { registerRaisedReferral(id: "${id}") { id } }`;
const VIEW = (id: string) => `{ referral(id: "${id}") { state overdue escalatedAt petition { id } timeline { event fromState toState details } } }`;

async function raise(summary: string): Promise<{ id: string; responseDueAt: string }> {
  const fl = await t.token("DY_FL", [Role.AGENCY_SYSTEM]);
  const r = await t.gql<{ raiseReferral: { id: string; responseDueAt: string } }>(fl, RAISE, {
    i: { category: "APPEAL_REQUEST", localityOrgId: String((await t.org("HKQ_XFJ")).id), summary, request: "请求协调", specialGroups: ["WOMEN_CHILDREN"], petitioners: [{ name: "孙某" }] },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.raiseReferral;
}

const sweeper = async () => systemPrincipal(await t.org("DY_XFJ"), "deadline-sweep");

describe("registering a raised case", () => {
  it("two concurrent registrations create one petition; the other is refused with the petition it lost to", async () => {
    const summary = `并发登记 ${Date.now()}`;
    const { id } = await raise(summary);
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const [a, b] = await Promise.all([t.gql<{ registerRaisedReferral: { id: string } }>(registrar, REGISTER(id)), t.gql<{ registerRaisedReferral: { id: string } }>(registrar, REGISTER(id))]);
    const won = [a, b].filter((r) => r.data?.registerRaisedReferral);
    const lost = [a, b].filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const petitionId = won[0].data!.registerRaisedReferral.id;
    expect(lost[0].errors![0].extensions).toMatchObject({ code: "INVALID_TRANSITION", from: "REGISTERED", event: "REGISTER", petitionId });
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM petition WHERE summary = ?", [summary]);
    expect(Number(n)).toBe(1);
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const view = await t.gql<{ referral: { state: string; petition: { id: string }; timeline: { event: string }[] } }>(officer, VIEW(id));
    expect(view.data!.referral.state).toBe("REGISTERED");
    expect(view.data!.referral.petition.id).toBe(petitionId);
    expect(view.data!.referral.timeline.filter((e) => e.event === "REGISTER")).toHaveLength(1);
  });
});

describe("the referral sweep", () => {
  it("flags a raised case once when the bureau's take-up period has passed, and it can still be registered", async () => {
    const { id, responseDueAt } = await raise(`接收超期 ${Date.now()}`);
    const due = new Date(responseDueAt);
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    // At the due instant itself the period has not ended yet.
    expect((await sweepReferrals(t.hub.deps, await sweeper(), due)).takeUpOverdue).toBe(0);
    const onTime = await t.gql<{ referral: { escalatedAt: string | null } }>(officer, VIEW(id));
    expect(onTime.data!.referral.escalatedAt).toBeNull();
    // One millisecond later it has: flagged once, and a second sweep does not flag it again.
    const late = new Date(due.getTime() + 1);
    expect((await sweepReferrals(t.hub.deps, await sweeper(), late)).takeUpOverdue).toBe(1);
    expect((await sweepReferrals(t.hub.deps, await sweeper(), new Date(due.getTime() + 86_400_000))).takeUpOverdue).toBe(0);
    const flagged = await t.gql<{ referral: { state: string; escalatedAt: string; timeline: { event: string; fromState: string; toState: string; details: { dueAt: string } }[] } }>(officer, VIEW(id));
    // Flagged at the sweep's own "now"; the case stays RAISED.
    expect(flagged.data!.referral).toMatchObject({ state: "RAISED", escalatedAt: late.toISOString() });
    expect(flagged.data!.referral.timeline.filter((e) => e.event === "TAKE_UP_OVERDUE")).toEqual([{ event: "TAKE_UP_OVERDUE", fromState: "RAISED", toState: "RAISED", details: { dueAt: responseDueAt } }]);
    // The operators hear of it through the outbox.
    const events = await t.hub.deps.db.query("SELECT type FROM outbox WHERE aggregateType = 'referral' AND aggregateId = ? ORDER BY id", [id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(["referral.raised", "referral.take-up-overdue"]);
    // Late is not refused: the bureau registers it still.
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    expect((await t.gql(registrar, REGISTER(id))).errors).toBeUndefined();
  });

  it("a referral that cannot be swept is logged with its id and counted; the others are still escalated", async () => {
    // Clear whatever earlier tests left due, so the counts below are this test's alone.
    const far = new Date(Date.now() + 365 * 86_400_000);
    await sweepReferrals(t.hub.deps, await sweeper(), far);
    const good = await registerPetition(t, { specialGroups: ["DISABLED"], summary: "残疾人补贴" });
    const bad = await registerPetition(t, { specialGroups: ["DISABLED"], summary: "残疾人补贴（坏行）" });
    const [g] = await waitForReferrals(t, good, (rs) => rs.length === 1);
    const [b] = await waitForReferrals(t, bad, (rs) => rs.length === 1);
    // A row the hub cannot read back (unparseable JSON in a column): its own transaction fails, not the sweep.
    await t.hub.deps.db.query("UPDATE referral SET response = '{not json' WHERE id = ?", [Number(b.id)]);
    lines.length = 0;
    const result = await sweepReferrals(t.hub.deps, await sweeper(), new Date(far.getTime() + 86_400_000));
    expect(result).toEqual({ escalated: 1, takeUpOverdue: 0, referralsFailed: 1, referralsSkipped: 0 });
    expect((await referralsOf(t, good))[0].state).toBe("ESCALATED");
    expect(g.id).not.toBe(b.id);
    expect(lines.find((l) => l.msg === "referral sweep step failed")).toMatchObject({ level: 50, referralId: Number(b.id), move: "ESCALATE" });
    expect(lines.find((l) => l.msg === "referral sweep finished with failures")).toMatchObject({ escalated: 1, referralsFailed: 1 });
  });
});
