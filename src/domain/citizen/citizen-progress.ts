import { PetitionState } from "../petition-terms";

/** The steps of a petition a petitioner may follow with a query code: nothing about people or content. */
export enum ProgressStep {
  REGISTERED = "REGISTERED",
  TRANSFERRED = "TRANSFERRED",
  RECEIVED_BY_HANDLER = "RECEIVED_BY_HANDLER",
  ACCEPTED = "ACCEPTED",
  NOT_ACCEPTED = "NOT_ACCEPTED",
  DIVERTED = "DIVERTED",
  EXTENDED = "EXTENDED",
  ANSWERED = "ANSWERED",
  MEDIATED = "MEDIATED",
  OPINION_SERVED = "OPINION_SERVED",
  REVIEW_REQUESTED = "REVIEW_REQUESTED",
  REVIEWED = "REVIEWED",
  SECOND_REVIEW_REQUESTED = "SECOND_REVIEW_REQUESTED",
  SECOND_REVIEWED = "SECOND_REVIEWED",
  TERMINATED = "TERMINATED",
}

/**
 * Recorded lifecycle events (petition_transition.event) → the step a petitioner sees. An allow-list: an event not
 * named here (routing internals, objections, hearings, evaluations, sweeps) is not shown, so a new event stays
 * hidden until someone decides it is the petitioner's to know. Forward and assign both read as a transfer (转送/交办):
 * which organ it went to is the handler, not shown either.
 */
const STEP_OF_EVENT: Readonly<Record<string, ProgressStep>> = {
  REGISTER: ProgressStep.REGISTERED,
  FORWARD: ProgressStep.TRANSFERRED,
  ASSIGN: ProgressStep.TRANSFERRED,
  RECEIVE: ProgressStep.RECEIVED_BY_HANDLER,
  ACCEPT: ProgressStep.ACCEPTED,
  NOT_ACCEPT: ProgressStep.NOT_ACCEPTED,
  DIVERT: ProgressStep.DIVERTED,
  EXTEND: ProgressStep.EXTENDED,
  ANSWER: ProgressStep.ANSWERED,
  MEDIATE: ProgressStep.MEDIATED,
  RECORD_DELIVERY: ProgressStep.OPINION_SERVED,
  REQUEST_REVIEW: ProgressStep.REVIEW_REQUESTED,
  ISSUE_REVIEW: ProgressStep.REVIEWED,
  REQUEST_REREVIEW: ProgressStep.SECOND_REVIEW_REQUESTED,
  ISSUE_REREVIEW: ProgressStep.SECOND_REVIEWED,
  TERMINATE: ProgressStep.TERMINATED,
};

/** One step and when it happened. */
export interface ProgressEntry {
  step: ProgressStep;
  at: Date;
}

/** A petitioner's view of the recorded moves, oldest first: only the allow-listed steps, with their dates. */
export function citizenProgress(moves: readonly { event: string; at: Date }[]): ProgressEntry[] {
  return moves.flatMap((m) => (STEP_OF_EVENT[m.event] ? [{ step: STEP_OF_EVENT[m.event], at: m.at }] : []));
}

/** States in which the petition procedure is over for the item: no longer "in procedure" for a partner's question. */
export const CLOSED_STATES: readonly PetitionState[] = [PetitionState.TERMINATED, PetitionState.NOT_ACCEPTED, PetitionState.DIVERTED];
