/** Vocabulary of the petition domain (信访工作条例 2022). Pure values, no I/O. */

/** Lifecycle states; see shared/domain.md §2. */
export enum PetitionState {
  RECEIVED = "RECEIVED",
  REGISTERED = "REGISTERED",
  ROUTING = "ROUTING",
  FORWARDED = "FORWARDED",
  ASSIGNED = "ASSIGNED",
  /** The handler has acknowledged receipt of the forwarded or assigned item (Art. 23 counts from receipt). */
  RECEIVED_BY_HANDLER = "RECEIVED_BY_HANDLER",
  OBJECTED = "OBJECTED",
  ACCEPTED = "ACCEPTED",
  NOT_ACCEPTED = "NOT_ACCEPTED",
  DIVERTED = "DIVERTED",
  IN_HANDLING = "IN_HANDLING",
  EXTENDED = "EXTENDED",
  HEARING = "HEARING",
  MEDIATED = "MEDIATED",
  ANSWERED = "ANSWERED",
  EVALUATED = "EVALUATED",
  /** No satisfaction evaluation arrived within the configured period after the answer was served. */
  EVAL_OVERDUE = "EVAL_OVERDUE",
  REVIEW_REQUESTED = "REVIEW_REQUESTED",
  REVIEWED = "REVIEWED",
  REREVIEW_REQUESTED = "REREVIEW_REQUESTED",
  REREVIEWED = "REREVIEWED",
  TERMINATED = "TERMINATED",
}

/** Art. 17 channels. */
export enum Channel {
  ONLINE = "ONLINE",
  LETTER = "LETTER",
  TELEPHONE = "TELEPHONE",
  FAX = "FAX",
  VISIT = "VISIT",
}

/** Arts. 29–31 categories. */
export enum Category {
  SUGGESTION = "SUGGESTION",
  ACCUSATION = "ACCUSATION",
  APPEAL_REQUEST = "APPEAL_REQUEST",
}

/** Special groups served by partner agencies (特殊群体联动). */
export enum SpecialGroup {
  DISABLED = "DISABLED",
  WOMEN_CHILDREN = "WOMEN_CHILDREN",
  VETERAN_MILITARY = "VETERAN_MILITARY",
  MIGRANT_WORKER = "MIGRANT_WORKER",
}

/** Written opinion on an appeal/request (Art. 32). */
export enum AnswerOutcome {
  SUPPORT = "SUPPORT",
  EXPLAIN = "EXPLAIN",
  NOT_SUPPORT = "NOT_SUPPORT",
}

/** Statutory routes outside the petition system (诉访分离, Art. 31). */
export enum DiversionRoute {
  LITIGATION = "LITIGATION",
  ARBITRATION = "ARBITRATION",
  ADMINISTRATIVE_RECONSIDERATION = "ADMINISTRATIVE_RECONSIDERATION",
  DISCIPLINE_INSPECTION = "DISCIPLINE_INSPECTION",
  OTHER_STATUTORY = "OTHER_STATUTORY",
}

/** Petitioner's evaluation of an answer (participation/satisfaction indicators). */
export enum Satisfaction {
  SATISFIED = "SATISFIED",
  BASICALLY_SATISFIED = "BASICALLY_SATISFIED",
  DISSATISFIED = "DISSATISFIED",
}

/** Who the satisfaction evaluation comes from: never the handler being rated. */
export enum EvaluationSource {
  /** The petitioner's own evaluation, recorded by the petition department. */
  PETITIONER = "PETITIONER",
  /** A return visit (回访) by the petition department. */
  RETURN_VISIT = "RETURN_VISIT",
}

/** Organisation kinds; the bureau's visibility rules key on these. */
export enum OrgKind {
  PETITION_BUREAU = "PETITION_BUREAU",
  PETITION_OFFICE = "PETITION_OFFICE",
  GOVERNMENT = "GOVERNMENT",
  DEPARTMENT = "DEPARTMENT",
  PARTNER_AGENCY = "PARTNER_AGENCY",
  SPECIAL_UNIT = "SPECIAL_UNIT",
}

export enum OrgLevel {
  PROVINCE = "PROVINCE",
  CITY = "CITY",
  COUNTY = "COUNTY",
  TOWNSHIP = "TOWNSHIP",
}

/** Roles carried by a principal. */
export enum Role {
  REGISTRAR = "REGISTRAR",
  CASE_OFFICER = "CASE_OFFICER",
  LEADER = "LEADER",
  INSPECTOR = "INSPECTOR",
  HANDLER = "HANDLER",
  AGENCY_SYSTEM = "AGENCY_SYSTEM",
  OPERATOR = "OPERATOR",
  /** Reads the audit trail (city bureau only); changes nothing. */
  AUDITOR = "AUDITOR",
  /** The federated gateway's machine client: may exchange a caller's token (RFC 8693); grants nothing itself. */
  GATEWAY = "GATEWAY",
}

/** At most five representatives for a group visit (Art. 20). */
export const MAX_REPRESENTATIVES = 5;
