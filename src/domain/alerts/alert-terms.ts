/**
 * The alert aggregate shared by early warning (issue 9 items 1, 2, 4, 5): a kind, a severity, an owner, a subject,
 * an acknowledgement deadline, required actions, and acknowledgement and closure with who and when. Pure values.
 */

/** What raised an alert. New kinds (bottom lines, second visits, accidents) are added here. */
export enum AlertKind {
  LEDGER_CONSULTATION_OVERDUE = "LEDGER_CONSULTATION_OVERDUE",
  LEDGER_ESCALATED = "LEDGER_ESCALATED",
  LEDGER_HIGH_RISK = "LEDGER_HIGH_RISK",
  /** An alert nobody signed for by its acknowledgement deadline, escalated to its owner's supervisor. */
  ALERT_ACK_OVERDUE = "ALERT_ACK_OVERDUE",
  /** 意外伤亡: a case was opened (owned by the locality). */
  ACCIDENT_OPENED = "ACCIDENT_OPENED",
  /** 意外伤亡: the locality's supervisor is informed of a case opened under it. */
  ACCIDENT_REPORTED = "ACCIDENT_REPORTED",
  /** 意外伤亡: a case's risk consultation graded it at or above LEDGER_ALERT_GRADE. */
  ACCIDENT_HIGH_RISK = "ACCIDENT_HIGH_RISK",
  /** 意外伤亡: a duty (team, consultation, opinion watch) not done by its due time; to the locality's supervisor. */
  ACCIDENT_DUTY_OVERDUE = "ACCIDENT_DUTY_OVERDUE",
  /** A bottom line (四个不发生) breached: CRITICAL, starts the urgent report chain. */
  BOTTOM_LINE_BREACH = "BOTTOM_LINE_BREACH",
  /** A bottom line at risk (a group below the large-group threshold, a ledger plan to go to the province or Beijing, a post above the watch reach). */
  BOTTOM_LINE_PRE_ALERT = "BOTTOM_LINE_PRE_ALERT",
  /** A second in-person visit on a matter that already had one (最多访一次), to the first receiving unit and its supervisor. */
  REPEAT_VISIT = "REPEAT_VISIT",
  /** A fast-track letter (来市上访) the locality did not answer in time: gone to supervision (督办). */
  CITY_LETTER_RESPONSE_OVERDUE = "CITY_LETTER_RESPONSE_OVERDUE",
  /** A mediation or pre-petition case still open past the consultation's due time; to the locality. */
  DISPUTE_CASE_OVERDUE = "DISPUTE_CASE_OVERDUE",
  /** A 市控 matter still unresolved after the resolution deadline the city bureau set: CRITICAL, to the bureau (督办). */
  CITY_RESOLUTION_OVERDUE = "CITY_RESOLUTION_OVERDUE",
  /** A 市控 entry past its review date: the bureau keeps it (next review date) or delists it. */
  CITY_CONTROL_REVIEW_DUE = "CITY_CONTROL_REVIEW_DUE",
}

export enum AlertSeverity {
  NOTICE = "NOTICE",
  WARNING = "WARNING",
  CRITICAL = "CRITICAL",
}

/** What an alert is about. */
export enum AlertSubjectType {
  LEDGER_ENTRY = "LEDGER_ENTRY",
  PETITION = "PETITION",
  MATTER = "MATTER",
  ALERT = "ALERT",
  ACCIDENT_CASE = "ACCIDENT_CASE",
  BOTTOM_LINE_BREACH = "BOTTOM_LINE_BREACH",
  PUBLIC_OPINION_POST = "PUBLIC_OPINION_POST",
  DISPUTE_CASE = "DISPUTE_CASE",
}

export enum AlertState {
  OPEN = "OPEN",
  ACKNOWLEDGED = "ACKNOWLEDGED",
  CLOSED = "CLOSED",
}

/** An alert's state from its acknowledgement and closure times. */
export const alertState = (a: { acknowledgedAt: Date | null; closedAt: Date | null }): AlertState =>
  a.closedAt ? AlertState.CLOSED : a.acknowledgedAt ? AlertState.ACKNOWLEDGED : AlertState.OPEN;

/** Acknowledging needs an open alert; closing needs one not yet closed (an unacknowledged alert may be closed: closing acknowledges it). */
export const mayAcknowledge = (s: AlertState) => s === AlertState.OPEN;
export const mayClose = (s: AlertState) => s !== AlertState.CLOSED;

/** True when an alert is still unsigned strictly after its acknowledgement deadline (due at 09:00 is not overdue at 09:00). */
export const isAckOverdue = (a: { acknowledgedAt: Date | null; closedAt: Date | null; ackDueAt: Date }, now: Date): boolean =>
  alertState(a) === AlertState.OPEN && now.getTime() > a.ackDueAt.getTime();

/** An escalated alert is one step more severe than the alert nobody signed for, up to CRITICAL. */
export const escalatedSeverity = (s: AlertSeverity): AlertSeverity => (s === AlertSeverity.NOTICE ? AlertSeverity.WARNING : AlertSeverity.CRITICAL);
