/** Vocabulary of special-group linkage (特殊群体联动) and special-unit coordination. */

/** Referral lifecycle; see referral-lifecycle.ts for the moves. */
export enum ReferralState {
  /** Created with the petition; waiting for the delivery worker. */
  SENT = "SENT",
  DELIVERED = "DELIVERED",
  /** 签收: the agency has taken it on; it can no longer be returned. */
  ACKNOWLEDGED = "ACKNOWLEDGED",
  RESPONDED = "RESPONDED",
  CLOSED = "CLOSED",
  /** 回退: the agency sent it back with a reason, within the return window. */
  RETURNED = "RETURNED",
  /** The first-response deadline passed without a response; the bureau follows up. */
  ESCALATED = "ESCALATED",
  /** Inbound: an agency raised a case towards the bureau. */
  RAISED = "RAISED",
  /** Inbound: the bureau registered a petition from it. */
  REGISTERED = "REGISTERED",
}

export enum ReferralRole {
  LEAD = "LEAD",
  CO_HANDLER = "CO_HANDLER",
}

export enum ReferralDirection {
  /** Bureau → agency. */
  OUTBOUND = "OUTBOUND",
  /** Agency → bureau. */
  INBOUND = "INBOUND",
}

/** What the bureau expects back from the agency. */
export enum Expectation {
  OPINION = "OPINION",
  ACTIONS = "ACTIONS",
  CO_HANDLING = "CO_HANDLING",
  STABILITY_WATCH = "STABILITY_WATCH",
}

/** A referral the agency is still working on: its reason to see the petition lasts (returned and closed end it). */
export const isOpenReferral = (s: ReferralState) => s !== ReferralState.RETURNED && s !== ReferralState.CLOSED;
