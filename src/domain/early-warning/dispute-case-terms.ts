/**
 * Dispute cases opened by a consultation (issue 9 item 1: "entries link to petitions and mediation cases"): the
 * vocabulary and the pure rules. Time is passed in.
 */
import { ConsultationDecision } from "./ledger-terms";

/** What a consultation opened: a dispute-mediation case (矛盾纠纷调解) or a pre-petition resolution case (访前化解). */
export enum DisputeCaseKind {
  MEDIATION = "MEDIATION",
  PRE_PETITION = "PRE_PETITION",
}

/** Where a case stands; RESOLVED and FAILED are final. */
export enum DisputeCaseState {
  OPEN = "OPEN",
  RESOLVED = "RESOLVED",
  FAILED = "FAILED",
}

/** How a case may be closed. */
export type DisputeCaseOutcome = DisputeCaseState.RESOLVED | DisputeCaseState.FAILED;

/** The case a consultation's decision opens, or null for the decisions that open none. */
export function caseKindOf(decision: ConsultationDecision): DisputeCaseKind | null {
  if (decision === ConsultationDecision.OPEN_MEDIATION_CASE) return DisputeCaseKind.MEDIATION;
  if (decision === ConsultationDecision.OPEN_PRE_PETITION_CASE) return DisputeCaseKind.PRE_PETITION;
  return null;
}

/** Only an open case may be closed (closing twice is an invalid transition). */
export const mayCloseDisputeCase = (state: DisputeCaseState): boolean => state === DisputeCaseState.OPEN;

/** True when an open case is past its due time (strictly: due at 09:00 is not overdue at 09:00). */
export const isDisputeCaseOverdue = (state: DisputeCaseState, dueAt: Date, now: Date): boolean => state === DisputeCaseState.OPEN && now.getTime() > dueAt.getTime();
