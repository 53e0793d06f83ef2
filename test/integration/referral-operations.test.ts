import { sweepReferrals } from "../../src/commands/sweep-referrals";
import { systemPrincipal } from "../../src/domain/access/principal";
import { Role } from "../../src/domain/petition-terms";
import { count, referralsOf, registerPetition } from "../factories/referrals";
import { startTestHub, TestHub } from "../factories/test-hub";
import { dateParam } from "../../src/db/sql-params";

// No agency endpoints here: referrals stay SENT, so escalation and the operator view are deterministic.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
});
afterAll(() => t?.stop());

describe("referral operations", () => {
  it("escalates a referral whose first-response period passed, once, and shows it in the agency backlog", async () => {
    const id = await registerPetition(t, { specialGroups: ["DISABLED"], summary: "残疾人托养服务补贴" });
    const [r] = await referralsOf(t, id);
    await t.hub.deps.db.query("UPDATE referral SET responseDueAt = ? WHERE id = ?", [dateParam(t.hub.deps.db, new Date(Date.now() - 60_000)), r.id]);
    const bureau = await t.org("DY_XFJ");
    const sweeper = systemPrincipal(bureau, "deadline-sweep");
    expect((await sweepReferrals(t.hub.deps, sweeper, new Date())).escalated).toBeGreaterThanOrEqual(1);
    expect((await sweepReferrals(t.hub.deps, sweeper, new Date())).escalated).toBe(0);
    const [after] = await referralsOf(t, id);
    expect(after.state).toBe("ESCALATED");
    expect(count(after, "ESCALATE")).toBe(1);
    const events: { n: number }[] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE aggregateType = 'referral' AND aggregateId = ? AND type = 'referral.escalate'", [r.id]);
    expect(Number(events[0].n)).toBe(1);

    // The agency can still answer late; the bureau then closes it.
    const cl = await t.token("DY_CL", [Role.AGENCY_SYSTEM]);
    const answered = await t.gql<{ respondToReferral: { state: string } }>(cl, `mutation { respondToReferral(id: "${r.id}", input: { opinion: "已补发", attachments: [{ name: "回执.pdf", mimeType: "application/pdf", sizeBytes: 1024 }] }) { state } }`);
    expect(answered.data?.respondToReferral.state).toBe("RESPONDED");
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    expect((await t.gql(cl, `mutation { closeReferral(id: "${r.id}") { state } }`)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql<{ closeReferral: { state: string } }>(officer, `mutation { closeReferral(id: "${r.id}") { state } }`)).data?.closeReferral.state).toBe("CLOSED");

    const backlog = await t.gql<{ agencyBacklog: { agencyCode: string; open: number; overdue: number; responded: number; averageResponseHours: number | null }[] }>(officer, `{ agencyBacklog { agencyCode open overdue responded averageResponseHours } }`);
    const cl1 = backlog.data!.agencyBacklog.find((b) => b.agencyCode === "DY_CL")!;
    expect(cl1.responded).toBeGreaterThanOrEqual(1);
    expect(cl1.averageResponseHours).not.toBeNull();
    expect((await t.gql(cl, `{ agencyBacklog { agencyCode } }`)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("an agency raises a case towards the bureau, which registers it as a petition; the agency then sees it", async () => {
    const fl = await t.token("DY_FL", [Role.AGENCY_SYSTEM]);
    const locality = String((await t.org("HKQ_XFJ")).id);
    const raised = await t.gql<{ raiseReferral: { id: string; state: string; direction: string } }>(
      fl,
      `mutation($i: RaiseReferralInput!) { raiseReferral(input: $i) { id state direction } }`,
      { i: { category: "APPEAL_REQUEST", localityOrgId: locality, summary: "妇联接访：离婚后子女抚养费长期未付", request: "请求协调执行", specialGroups: ["WOMEN_CHILDREN"], petitioners: [{ name: "孙某" }] } },
    );
    expect(raised.data?.raiseReferral).toMatchObject({ state: "RAISED", direction: "INBOUND" });
    const refId = raised.data!.raiseReferral.id;
    // Only the bureau registers; an agency or department cannot.
    expect((await t.gql(fl, `mutation { registerRaisedReferral(id: "${refId}") { id } }`)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const reg = await t.gql<{ registerRaisedReferral: { id: string; state: string } }>(registrar, `mutation { registerRaisedReferral(id: "${refId}") { id state } }`);
    expect(reg.data?.registerRaisedReferral.state).toBe("REGISTERED");
    const again = await t.gql(registrar, `mutation { registerRaisedReferral(id: "${refId}") { id } }`);
    expect(again.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    const petitionId = reg.data!.registerRaisedReferral.id;
    // Linked to its raised case, and referred back to 妇联 for joint handling: the agency sees the petition.
    const seen = await t.gql<{ petition: { id: string; referrals: { direction: string }[] } }>(fl, `{ petition(id: "${petitionId}") { id referrals { direction } } }`);
    expect(seen.data?.petition.id).toBe(petitionId);
    expect(seen.data?.petition.referrals.map((r) => r.direction).sort()).toEqual(["INBOUND", "OUTBOUND"]);
    const mine = await t.gql<{ referral: { state: string; petition: { id: string } } }>(fl, `{ referral(id: "${refId}") { state petition { id } } }`);
    expect(mine.data?.referral).toEqual({ state: "REGISTERED", petition: { id: petitionId } });
  });
});
