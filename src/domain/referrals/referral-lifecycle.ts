import { WorkCalendar } from "../deadlines/calendar";
import { DeadlinePassedError, InvalidTransitionError } from "../errors";
import { ReferralState as R } from "./referral-terms";

/** An agency's answer (opinion, actions, attachment metadata). */
export interface ReferralResponse {
  opinion: string;
  actionsTaken: string | null;
  attachments: { name: string; mimeType: string; sizeBytes: number; sha256?: string | null; url?: string | null }[];
}

export type ReferralEvent =
  | { type: "DELIVER"; externalRef: string }
  | { type: "ACKNOWLEDGE" }
  | { type: "RESPOND"; response: ReferralResponse }
  | { type: "RETURN"; reason: string }
  | { type: "ESCALATE" }
  | { type: "CLOSE" };

export type ReferralEventType = ReferralEvent["type"];

export interface ReferralSnapshot {
  state: R;
  responseDueAt: Date;
  /** End of the 回退 window; set on delivery. */
  returnDueAt: Date | null;
  acknowledgedAt: Date | null;
  /** The agency's reference, known once a delivery was confirmed. */
  externalRef?: string | null;
}

export interface ReferralTransitionResult {
  from: R;
  to: R;
  /** A repeated callback or re-delivery: nothing changes and nothing is published (idempotent by business key). */
  noop: boolean;
  /** Columns to set on the referral. */
  patch: Partial<{
    externalRef: string;
    deliveredAt: Date;
    acknowledgedAt: Date;
    respondedAt: Date;
    response: ReferralResponse;
    returnedAt: Date;
    returnReason: string;
    returnDueAt: Date;
    escalatedAt: Date;
    closedAt: Date;
  }>;
  /** Whether the first response met its deadline (on RESPOND). */
  onTime?: boolean;
}

/** Policy knobs for referrals; defaults from the issue (2 working days to return). */
export interface ReferralPolicy {
  returnWindowWorkdays: number;
}
export const DEFAULT_REFERRAL_POLICY: ReferralPolicy = { returnWindowWorkdays: 2 };

const OPEN = [R.SENT, R.DELIVERED, R.ACKNOWLEDGED];

/** States in which each event is a harmless repeat rather than an error. */
const REPEATS: Record<ReferralEventType, R[]> = {
  DELIVER: [R.DELIVERED, R.ACKNOWLEDGED, R.RESPONDED, R.CLOSED, R.ESCALATED, R.RETURNED],
  ACKNOWLEDGE: [R.ACKNOWLEDGED, R.RESPONDED, R.CLOSED],
  RESPOND: [R.RESPONDED, R.CLOSED],
  RETURN: [R.RETURNED],
  ESCALATE: [R.ESCALATED],
  CLOSE: [R.CLOSED],
};

function endOfWorkdays(cal: WorkCalendar, from: Date, n: number): Date {
  return cal.endOfDay(cal.addWorkdays(cal.localDate(from), n));
}

/**
 * The referral lifecycle: SENT → DELIVERED → ACKNOWLEDGED (签收) → RESPONDED → CLOSED, RETURNED (回退) within the
 * return window, ESCALATED when the first-response deadline passes. A referral never touches the petition's
 * statutory clocks. Pure: time and calendar are passed in.
 */
export function transitionReferral(s: ReferralSnapshot, e: ReferralEvent, now: Date, cal: WorkCalendar, policy = DEFAULT_REFERRAL_POLICY): ReferralTransitionResult {
  // The agency may answer (callback) before our own delivery bookkeeping: record its reference late, once.
  if (e.type === "DELIVER" && s.state !== R.SENT && s.state !== R.RETURNED && !s.externalRef)
    return { from: s.state, to: s.state, noop: false, patch: { externalRef: e.externalRef, deliveredAt: now } };
  const repeat = REPEATS[e.type].includes(s.state) || (e.type === "ACKNOWLEDGE" && s.state === R.ESCALATED && s.acknowledgedAt !== null);
  if (repeat) return { from: s.state, to: s.state, noop: true, patch: {} };
  const fail = (why?: string) => new InvalidTransitionError(s.state, e.type, why);
  switch (e.type) {
    case "DELIVER":
      if (s.state !== R.SENT) throw fail();
      return { from: s.state, to: R.DELIVERED, noop: false, patch: { externalRef: e.externalRef, deliveredAt: now, returnDueAt: endOfWorkdays(cal, now, policy.returnWindowWorkdays) } };
    case "ACKNOWLEDGE":
      // A callback may overtake the worker's own delivery bookkeeping: acknowledging implies delivery.
      if (s.state === R.ESCALATED) return { from: s.state, to: R.ESCALATED, noop: false, patch: { acknowledgedAt: now } };
      if (!OPEN.includes(s.state)) throw fail();
      return { from: s.state, to: R.ACKNOWLEDGED, noop: false, patch: { acknowledgedAt: now } };
    case "RESPOND":
      if (![...OPEN, R.ESCALATED].includes(s.state)) throw fail();
      return { from: s.state, to: R.RESPONDED, noop: false, patch: { respondedAt: now, response: e.response }, onTime: now <= s.responseDueAt };
    case "RETURN":
      if (s.state !== R.DELIVERED) throw fail("only a delivered, not yet acknowledged referral can be returned");
      if (s.returnDueAt && now > s.returnDueAt) throw new DeadlinePassedError("RETURN_WINDOW", s.returnDueAt);
      return { from: s.state, to: R.RETURNED, noop: false, patch: { returnedAt: now, returnReason: e.reason } };
    case "ESCALATE":
      if (!OPEN.includes(s.state)) throw fail();
      if (now <= s.responseDueAt) throw fail("the response period has not ended");
      return { from: s.state, to: R.ESCALATED, noop: false, patch: { escalatedAt: now } };
    case "CLOSE":
      if (s.state !== R.RESPONDED) throw fail("only an answered referral can be closed");
      return { from: s.state, to: R.CLOSED, noop: false, patch: { closedAt: now } };
  }
}

/** When the agency's first response is due: `workdays` working days after the referral. */
export const responseDueAt = (cal: WorkCalendar, from: Date, workdays: number) => endOfWorkdays(cal, from, workdays);
