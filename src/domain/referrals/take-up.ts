import { ReferralDirection, ReferralState } from "./referral-terms";

/** What decides whether the bureau is late taking up a case an agency raised. */
export interface RaisedCaseSnapshot {
  direction: ReferralDirection;
  state: ReferralState;
  /** End of the bureau's take-up period, set when the agency raised the case. */
  responseDueAt: Date;
  /** Set once the lateness was recorded (the sweep flags a case once). */
  escalatedAt: Date | null;
}

/**
 * True when a raised case is still waiting for the bureau after its take-up period ended and has not been flagged
 * yet. The case stays RAISED (the bureau must still be able to register it); the flag is a follow-up, not a refusal.
 * Strictly after the due instant: the period's last millisecond is still in time. Pure: `now` is passed in.
 */
export function isTakeUpOverdue(s: RaisedCaseSnapshot, now: Date): boolean {
  return s.direction === ReferralDirection.INBOUND && s.state === ReferralState.RAISED && s.escalatedAt === null && now.getTime() > s.responseDueAt.getTime();
}
