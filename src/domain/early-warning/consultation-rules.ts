import { AlertSeverity } from "../alerts/alert-terms";
import { ConsultationDecision, LedgerEntryState, RiskGrade } from "./ledger-terms";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * When an entry's consultation falls due: `days` whole days of 24 hours after filing. An elapsed-time duty of the
 * locality, not a statutory period, so no day-counting rule (first day not counted, holidays) applies.
 */
export const consultationDueAt = (filedAt: Date, days: number): Date => new Date(filedAt.getTime() + days * DAY_MS);

/** When an alert raised at `raisedAt` must be acknowledged. */
export const ackDueAt = (raisedAt: Date, hours: number): Date => new Date(raisedAt.getTime() + hours * HOUR_MS);

/** True when a consultation is owed and its time has passed (strictly: due at 09:00 is not overdue at 09:00). */
export const isConsultationOverdue = (state: LedgerEntryState, dueAt: Date, now: Date): boolean =>
  state === LedgerEntryState.AWAITING_CONSULTATION && now.getTime() > dueAt.getTime();

/** A consultation may be held on a new entry, and again on one under monitoring; the other outcomes are final. */
export const mayConsult = (state: LedgerEntryState): boolean => state === LedgerEntryState.AWAITING_CONSULTATION || state === LedgerEntryState.MONITORING;

const STATE_AFTER: Record<ConsultationDecision, LedgerEntryState> = {
  [ConsultationDecision.DISMISS]: LedgerEntryState.DISMISSED,
  [ConsultationDecision.MONITOR]: LedgerEntryState.MONITORING,
  [ConsultationDecision.OPEN_MEDIATION_CASE]: LedgerEntryState.MEDIATION_OPENED,
  [ConsultationDecision.OPEN_PRE_PETITION_CASE]: LedgerEntryState.PRE_PETITION_OPENED,
  [ConsultationDecision.ESCALATE_TO_JOINT_MEETING]: LedgerEntryState.ESCALATED,
};

const GRADE_ORDER: readonly RiskGrade[] = [RiskGrade.LOW, RiskGrade.MEDIUM, RiskGrade.HIGH, RiskGrade.MAJOR];
/** Whether `grade` is at or above `threshold`. */
export const gradeAtLeast = (grade: RiskGrade, threshold: RiskGrade): boolean => GRADE_ORDER.indexOf(grade) >= GRADE_ORDER.indexOf(threshold);

/** Why a consultation raises an alert. */
export type ConsultationAlertKind = "LEDGER_ESCALATED" | "LEDGER_HIGH_RISK";

/** What a consultation's decision and grade do to its entry. */
export interface ConsultationEffect {
  state: LedgerEntryState;
  alerts: ConsultationAlertKind[];
}

/**
 * The effect of a consultation: the entry's next state from the decision; an escalation to the joint meeting raises
 * an alert, and so does a grade at or above the alert grade (both may apply, each once).
 */
export function consultationEffect(decision: ConsultationDecision, grade: RiskGrade, alertGrade: RiskGrade): ConsultationEffect {
  const alerts: ConsultationAlertKind[] = [];
  if (decision === ConsultationDecision.ESCALATE_TO_JOINT_MEETING) alerts.push("LEDGER_ESCALATED");
  if (gradeAtLeast(grade, alertGrade)) alerts.push("LEDGER_HIGH_RISK");
  return { state: STATE_AFTER[decision], alerts };
}

/** How urgent a consultation's alert is: an escalation to the joint meeting, or a MAJOR grade, is critical. */
export const consultationAlertSeverity = (kind: ConsultationAlertKind, grade: RiskGrade): AlertSeverity =>
  kind === "LEDGER_ESCALATED" || grade === RiskGrade.MAJOR ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
