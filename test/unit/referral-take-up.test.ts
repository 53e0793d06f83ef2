import { isTakeUpOverdue, RaisedCaseSnapshot } from "../../src/domain/referrals/take-up";
import { ReferralDirection, ReferralState } from "../../src/domain/referrals/referral-terms";

// The bureau's take-up of a case an agency raised: overdue strictly after the due instant, once, and only while the
// case is still RAISED and inbound.
const due = new Date("2026-12-09T15:59:59.999Z"); // end of a working day in Beijing time (23:59:59.999 +08:00)
const raised: RaisedCaseSnapshot = { direction: ReferralDirection.INBOUND, state: ReferralState.RAISED, responseDueAt: due, escalatedAt: null };
const at = (iso: string) => new Date(iso);

describe("isTakeUpOverdue", () => {
  it("is not overdue up to and including the period's last millisecond", () => {
    expect(isTakeUpOverdue(raised, at("2026-12-09T15:59:59.998Z"))).toBe(false);
    expect(isTakeUpOverdue(raised, due)).toBe(false);
  });

  it("is overdue one millisecond later", () => {
    expect(isTakeUpOverdue(raised, at("2026-12-09T16:00:00.000Z"))).toBe(true);
  });

  it("is flagged once: a case already flagged is not overdue again", () => {
    expect(isTakeUpOverdue({ ...raised, escalatedAt: at("2026-12-09T16:00:00.000Z") }, at("2026-12-20T00:00:00.000Z"))).toBe(false);
  });

  it("concerns only raised cases still waiting: registered ones and outbound referrals are never take-up overdue", () => {
    const late = at("2026-12-20T00:00:00.000Z");
    expect(isTakeUpOverdue({ ...raised, state: ReferralState.REGISTERED }, late)).toBe(false);
    // An outbound referral in state RAISED cannot exist, but the rule does not rest on that; nor on other states.
    expect(isTakeUpOverdue({ ...raised, direction: ReferralDirection.OUTBOUND }, late)).toBe(false);
    expect(isTakeUpOverdue({ ...raised, state: ReferralState.SENT }, late)).toBe(false);
  });
});
