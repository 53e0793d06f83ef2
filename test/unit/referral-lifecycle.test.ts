import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { ReferralEvent, ReferralSnapshot, transitionReferral } from "../../src/domain/referrals/referral-lifecycle";
import { ReferralState as R } from "../../src/domain/referrals/referral-terms";

const cal = new WorkCalendar();
// Thu 2026-11-26 10:00 Beijing.
const NOW = new Date("2026-11-26T02:00:00Z");
const snap = (state: R, over: Partial<ReferralSnapshot> = {}): ReferralSnapshot => ({
  state,
  responseDueAt: new Date("2026-12-03T15:59:59.999Z"),
  returnDueAt: null,
  acknowledgedAt: null,
  externalRef: state === R.SENT ? null : "ext-0",
  ...over,
});
const response = { opinion: "已核实，落实补贴", actionsTaken: "补发", attachments: [] };
const EVENTS: Record<string, ReferralEvent> = {
  DELIVER: { type: "DELIVER", externalRef: "ext-1" },
  ACKNOWLEDGE: { type: "ACKNOWLEDGE" },
  RESPOND: { type: "RESPOND", response },
  RETURN: { type: "RETURN", reason: "不属于本会职责" },
  ESCALATE: { type: "ESCALATE" },
  CLOSE: { type: "CLOSE" },
};
const code = (f: () => unknown) => {
  try {
    f();
    return "OK";
  } catch (e) {
    return (e as { code?: string }).code ?? "THROW";
  }
};

describe("referral lifecycle", () => {
  // [state, event, expected next state | "NOOP" | error code]; ESCALATE needs the deadline passed, given separately.
  const table: [R, string, string][] = [
    [R.SENT, "DELIVER", R.DELIVERED], [R.SENT, "ACKNOWLEDGE", R.ACKNOWLEDGED], [R.SENT, "RESPOND", R.RESPONDED], [R.SENT, "RETURN", "INVALID_TRANSITION"], [R.SENT, "CLOSE", "INVALID_TRANSITION"],
    [R.DELIVERED, "DELIVER", "NOOP"], [R.DELIVERED, "ACKNOWLEDGE", R.ACKNOWLEDGED], [R.DELIVERED, "RESPOND", R.RESPONDED], [R.DELIVERED, "CLOSE", "INVALID_TRANSITION"],
    [R.ACKNOWLEDGED, "DELIVER", "NOOP"], [R.ACKNOWLEDGED, "ACKNOWLEDGE", "NOOP"], [R.ACKNOWLEDGED, "RESPOND", R.RESPONDED], [R.ACKNOWLEDGED, "RETURN", "INVALID_TRANSITION"], [R.ACKNOWLEDGED, "CLOSE", "INVALID_TRANSITION"],
    [R.RESPONDED, "ACKNOWLEDGE", "NOOP"], [R.RESPONDED, "RESPOND", "NOOP"], [R.RESPONDED, "RETURN", "INVALID_TRANSITION"], [R.RESPONDED, "CLOSE", R.CLOSED], [R.RESPONDED, "ESCALATE", "INVALID_TRANSITION"],
    [R.CLOSED, "RESPOND", "NOOP"], [R.CLOSED, "CLOSE", "NOOP"], [R.CLOSED, "RETURN", "INVALID_TRANSITION"],
    [R.RETURNED, "RETURN", "NOOP"], [R.RETURNED, "ACKNOWLEDGE", "INVALID_TRANSITION"], [R.RETURNED, "RESPOND", "INVALID_TRANSITION"],
    [R.ESCALATED, "ESCALATE", "NOOP"], [R.ESCALATED, "RESPOND", R.RESPONDED], [R.ESCALATED, "ACKNOWLEDGE", R.ESCALATED], [R.ESCALATED, "DELIVER", "NOOP"],
  ];
  it.each(table)("%s + %s → %s", (state, ev, expected) => {
    const s = snap(state, state === R.DELIVERED ? { returnDueAt: new Date("2026-11-30T15:59:59.999Z") } : {});
    const c = code(() => transitionReferral(s, EVENTS[ev], NOW, cal));
    if (c !== "OK") return expect(c).toBe(expected);
    const r = transitionReferral(s, EVENTS[ev], NOW, cal);
    expect(r.noop ? "NOOP" : r.to).toBe(expected);
  });

  it("delivery opens a 2-working-day return window (Thu → end of Mon)", () => {
    const r = transitionReferral(snap(R.SENT), EVENTS.DELIVER, NOW, cal);
    expect(r.patch.returnDueAt?.toISOString()).toBe("2026-11-30T15:59:59.999Z");
    expect(r.patch.externalRef).toBe("ext-1");
  });

  it("a return after the window → DEADLINE_PASSED; within it → RETURNED", () => {
    const s = snap(R.DELIVERED, { returnDueAt: new Date("2026-11-25T15:59:59.999Z") });
    expect(code(() => transitionReferral(s, EVENTS.RETURN, NOW, cal))).toBe("DEADLINE_PASSED");
    expect(transitionReferral(snap(R.DELIVERED, { returnDueAt: new Date("2026-11-30T15:59:59.999Z") }), EVENTS.RETURN, NOW, cal).to).toBe(R.RETURNED);
  });

  it("escalates only after the response deadline", () => {
    expect(code(() => transitionReferral(snap(R.DELIVERED), EVENTS.ESCALATE, NOW, cal))).toBe("INVALID_TRANSITION");
    const late = new Date("2026-12-04T01:00:00Z");
    for (const st of [R.SENT, R.DELIVERED, R.ACKNOWLEDGED]) expect(transitionReferral(snap(st), EVENTS.ESCALATE, late, cal).to).toBe(R.ESCALATED);
  });

  it("records whether the response was on time", () => {
    expect(transitionReferral(snap(R.ACKNOWLEDGED), EVENTS.RESPOND, NOW, cal).onTime).toBe(true);
    expect(transitionReferral(snap(R.ESCALATED), EVENTS.RESPOND, new Date("2026-12-05T00:00:00Z"), cal).onTime).toBe(false);
  });

  it("a delivery confirmed after the agency already answered records its reference once, without moving the state", () => {
    const late = transitionReferral(snap(R.RESPONDED, { externalRef: null }), EVENTS.DELIVER, NOW, cal);
    expect([late.noop, late.to, late.patch.externalRef]).toEqual([false, R.RESPONDED, "ext-1"]);
    expect(transitionReferral(snap(R.RESPONDED, { externalRef: "ext-1" }), EVENTS.DELIVER, NOW, cal).noop).toBe(true);
  });

  it("a second acknowledgement of an escalated referral is a no-op", () => {
    expect(transitionReferral(snap(R.ESCALATED, { acknowledgedAt: NOW }), EVENTS.ACKNOWLEDGE, NOW, cal).noop).toBe(true);
  });
});
