import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { ReferralEvent, ReferralSnapshot, responseDueAt, transitionReferral } from "../../src/domain/referrals/referral-lifecycle";
import { ReferralState as R } from "../../src/domain/referrals/referral-terms";

// The referral lifecycle's exact results (state, no-op flag, columns set) and its boundaries to the millisecond.
// Calendar: Beijing time (UTC+8); no public holiday falls between 26 Nov and 4 Dec 2026.
const cal = new WorkCalendar();
// Thu 2026-11-26 10:00 Beijing.
const NOW = new Date("2026-11-26T02:00:00Z");
// Five working days after Thu 26 Nov: Fri 27, Mon 30, Tue 1, Wed 2, Thu 3 Dec → end of Thu 3 Dec Beijing = 15:59:59.999Z.
const DUE = new Date("2026-12-03T15:59:59.999Z");
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const snap = (state: R, over: Partial<ReferralSnapshot> = {}): ReferralSnapshot => ({ state, responseDueAt: DUE, returnDueAt: null, acknowledgedAt: null, externalRef: "ext-0", ...over });
const response = { opinion: "已核实", actionsTaken: null, attachments: [] };
const E = {
  DELIVER: { type: "DELIVER", externalRef: "ext-1" },
  ACKNOWLEDGE: { type: "ACKNOWLEDGE" },
  RESPOND: { type: "RESPOND", response },
  RETURN: { type: "RETURN", reason: "不属于本会职责" },
  ESCALATE: { type: "ESCALATE" },
  CLOSE: { type: "CLOSE" },
} satisfies Record<string, ReferralEvent>;
const failure = (f: () => unknown) => {
  try {
    f();
    return "OK";
  } catch (e) {
    const err = e as { code?: string; message: string; details?: unknown };
    return { code: err.code, message: err.message, details: err.details };
  }
};

describe("referral lifecycle: exact results", () => {
  it("DELIVER from SENT records the reference, the time and a 2-working-day return window (Thu → end of Mon 30 Nov)", () => {
    expect(transitionReferral(snap(R.SENT, { externalRef: null }), E.DELIVER, NOW, cal)).toEqual({
      from: R.SENT,
      to: R.DELIVERED,
      noop: false,
      patch: { externalRef: "ext-1", deliveredAt: NOW, returnDueAt: new Date("2026-11-30T15:59:59.999Z") },
    });
  });
  it("the return window follows the policy: 1 working day after Thu → end of Fri 27 Nov", () => {
    expect(transitionReferral(snap(R.SENT), E.DELIVER, NOW, cal, { returnWindowWorkdays: 1 }).patch.returnDueAt).toEqual(new Date("2026-11-27T15:59:59.999Z"));
  });
  it("a late delivery confirmation on an acknowledged referral without a reference records it and moves nothing", () => {
    expect(transitionReferral(snap(R.ACKNOWLEDGED, { externalRef: null }), E.DELIVER, NOW, cal)).toEqual({ from: R.ACKNOWLEDGED, to: R.ACKNOWLEDGED, noop: false, patch: { externalRef: "ext-1", deliveredAt: NOW } });
  });
  it("a re-delivery of a returned referral is a no-op, even without a reference", () => {
    expect(transitionReferral(snap(R.RETURNED, { externalRef: null }), E.DELIVER, NOW, cal)).toEqual({ from: R.RETURNED, to: R.RETURNED, noop: true, patch: {} });
  });
  it("a repeated acknowledgement is a no-op even when no reference is known (only DELIVER records one late)", () => {
    expect(transitionReferral(snap(R.ACKNOWLEDGED, { externalRef: null }), E.ACKNOWLEDGE, NOW, cal)).toEqual({ from: R.ACKNOWLEDGED, to: R.ACKNOWLEDGED, noop: true, patch: {} });
  });
  it("DELIVER is refused from an inbound state (RAISED)", () => {
    expect(failure(() => transitionReferral(snap(R.RAISED), E.DELIVER, NOW, cal))).toEqual({ code: "INVALID_TRANSITION", message: "cannot DELIVER a petition in state RAISED", details: { from: R.RAISED, event: "DELIVER" } });
  });

  it("ACKNOWLEDGE sets acknowledgedAt; on an escalated referral it stays ESCALATED, once", () => {
    expect(transitionReferral(snap(R.DELIVERED), E.ACKNOWLEDGE, NOW, cal)).toEqual({ from: R.DELIVERED, to: R.ACKNOWLEDGED, noop: false, patch: { acknowledgedAt: NOW } });
    expect(transitionReferral(snap(R.ESCALATED), E.ACKNOWLEDGE, NOW, cal)).toEqual({ from: R.ESCALATED, to: R.ESCALATED, noop: false, patch: { acknowledgedAt: NOW } });
    expect(transitionReferral(snap(R.ESCALATED, { acknowledgedAt: NOW }), E.ACKNOWLEDGE, NOW, cal)).toEqual({ from: R.ESCALATED, to: R.ESCALATED, noop: true, patch: {} });
  });
  it("an earlier acknowledgedAt makes only a repeated ACKNOWLEDGE of an ESCALATED referral a no-op, nothing else", () => {
    // A delivered referral carrying an acknowledgement time still moves on ACKNOWLEDGE.
    expect(transitionReferral(snap(R.DELIVERED, { acknowledgedAt: NOW }), E.ACKNOWLEDGE, NOW, cal).to).toBe(R.ACKNOWLEDGED);
    // An escalated, acknowledged referral still takes an answer.
    expect(transitionReferral(snap(R.ESCALATED, { acknowledgedAt: NOW }), E.RESPOND, NOW, cal)).toMatchObject({ to: R.RESPONDED, noop: false });
  });

  it("RESPOND records the answer and whether it came by the deadline (exactly at the deadline is on time)", () => {
    expect(transitionReferral(snap(R.ACKNOWLEDGED), E.RESPOND, DUE, cal)).toEqual({ from: R.ACKNOWLEDGED, to: R.RESPONDED, noop: false, patch: { respondedAt: DUE, response }, onTime: true });
    expect(transitionReferral(snap(R.ACKNOWLEDGED), E.RESPOND, ms(DUE, 1), cal).onTime).toBe(false);
  });

  it("RETURN records the reason; exactly at the end of the window is still within it", () => {
    const returnDueAt = new Date("2026-11-30T15:59:59.999Z");
    expect(transitionReferral(snap(R.DELIVERED, { returnDueAt }), E.RETURN, returnDueAt, cal)).toEqual({
      from: R.DELIVERED,
      to: R.RETURNED,
      noop: false,
      patch: { returnedAt: returnDueAt, returnReason: "不属于本会职责" },
    });
    expect(failure(() => transitionReferral(snap(R.DELIVERED, { returnDueAt }), E.RETURN, ms(returnDueAt, 1), cal))).toEqual({
      code: "DEADLINE_PASSED",
      message: "the RETURN_WINDOW period ended at 2026-11-30T15:59:59.999Z",
      details: { kind: "RETURN_WINDOW", dueAt: "2026-11-30T15:59:59.999Z" },
    });
  });
  it("RETURN without a recorded window is allowed; after acknowledgement it is refused with the reason", () => {
    expect(transitionReferral(snap(R.DELIVERED), E.RETURN, NOW, cal).to).toBe(R.RETURNED);
    expect(failure(() => transitionReferral(snap(R.ACKNOWLEDGED), E.RETURN, NOW, cal))).toMatchObject({
      code: "INVALID_TRANSITION",
      message: "cannot RETURN a petition in state ACKNOWLEDGED: only a delivered, not yet acknowledged referral can be returned",
    });
  });

  it("ESCALATE only after the deadline: exactly at it is refused, one millisecond later escalates", () => {
    expect(failure(() => transitionReferral(snap(R.DELIVERED), E.ESCALATE, DUE, cal))).toMatchObject({
      code: "INVALID_TRANSITION",
      message: "cannot ESCALATE a petition in state DELIVERED: the response period has not ended",
    });
    expect(transitionReferral(snap(R.DELIVERED), E.ESCALATE, ms(DUE, 1), cal)).toEqual({ from: R.DELIVERED, to: R.ESCALATED, noop: false, patch: { escalatedAt: ms(DUE, 1) } });
  });
  it("ESCALATE of an answered referral is refused even after the deadline", () => {
    expect(failure(() => transitionReferral(snap(R.RESPONDED), E.ESCALATE, ms(DUE, 1), cal))).toMatchObject({ code: "INVALID_TRANSITION", message: "cannot ESCALATE a petition in state RESPONDED" });
  });

  it("CLOSE records the time; before an answer it is refused with the reason", () => {
    expect(transitionReferral(snap(R.RESPONDED), E.CLOSE, NOW, cal)).toEqual({ from: R.RESPONDED, to: R.CLOSED, noop: false, patch: { closedAt: NOW } });
    expect(failure(() => transitionReferral(snap(R.ACKNOWLEDGED), E.CLOSE, NOW, cal))).toMatchObject({
      code: "INVALID_TRANSITION",
      message: "cannot CLOSE a petition in state ACKNOWLEDGED: only an answered referral can be closed",
    });
  });

  it("responseDueAt: 5 working days after Thu 26 Nov 10:00 → end of Thu 3 Dec; 1 → end of Fri 27 Nov", () => {
    expect(responseDueAt(cal, NOW, 5)).toEqual(DUE);
    expect(responseDueAt(cal, NOW, 1)).toEqual(new Date("2026-11-27T15:59:59.999Z"));
  });
});
