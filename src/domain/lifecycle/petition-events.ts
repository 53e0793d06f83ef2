import { AnswerOutcome, DiversionRoute, EvaluationSource, Satisfaction } from "../petition-terms";

/** Commands to the lifecycle, one per legal move. Times are supplied by the caller. */
export type PetitionEvent =
  | { type: "REGISTER" }
  | { type: "START_ROUTING" }
  | { type: "FORWARD"; toOrgId: number }
  | { type: "ASSIGN"; toOrgId: number; resultDueAt: Date }
  /** The handler acknowledges receipt; `receivedAt` when a paper file reached it after the electronic forwarding. */
  | { type: "RECEIVE"; receivedAt?: Date }
  | { type: "OBJECT"; reason: string }
  | { type: "REROUTE" }
  | { type: "ACCEPT" }
  | { type: "NOT_ACCEPT"; reason: string }
  | { type: "DIVERT"; route: DiversionRoute }
  | { type: "START_HANDLING" }
  | { type: "EXTEND"; days: number; approver: string; reason: string; petitionerNotified: boolean }
  | { type: "START_HEARING" }
  | { type: "END_HEARING" }
  | { type: "MEDIATE"; agreement: string }
  | { type: "ANSWER"; outcome: AnswerOutcome; deliveredAt?: Date }
  | { type: "EVALUATE"; satisfaction: Satisfaction; source: EvaluationSource }
  | { type: "REQUEST_REVIEW"; receivedAt?: Date }
  | { type: "ISSUE_REVIEW"; outcome: AnswerOutcome; deliveredAt?: Date }
  | { type: "REQUEST_REREVIEW"; receivedAt?: Date }
  | { type: "ISSUE_REREVIEW"; outcome: AnswerOutcome; deliveredAt?: Date }
  /** Service of the last decision on the petitioner, recorded after the decision (a mailed answer's receipt). */
  | { type: "RECORD_DELIVERY"; deliveredAt: Date; method?: string }
  /** The sweep: no evaluation within the configured period after service. */
  | { type: "MARK_EVAL_OVERDUE" }
  | { type: "TERMINATE" };

export type PetitionEventType = PetitionEvent["type"];

/** Every event type, for tables and schema enums. */
export const PETITION_EVENT_TYPES: readonly PetitionEventType[] = [
  "REGISTER",
  "START_ROUTING",
  "FORWARD",
  "ASSIGN",
  "RECEIVE",
  "OBJECT",
  "REROUTE",
  "ACCEPT",
  "NOT_ACCEPT",
  "DIVERT",
  "START_HANDLING",
  "EXTEND",
  "START_HEARING",
  "END_HEARING",
  "MEDIATE",
  "ANSWER",
  "EVALUATE",
  "REQUEST_REVIEW",
  "ISSUE_REVIEW",
  "REQUEST_REREVIEW",
  "ISSUE_REREVIEW",
  "RECORD_DELIVERY",
  "MARK_EVAL_OVERDUE",
  "TERMINATE",
];
