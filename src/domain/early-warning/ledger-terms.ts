/** Vocabulary of source early warning (信访+矛调+网格, 风闻奏事): risk ledgers and their consultations. Pure values. */

/** What a grid report warns of (issue 9 item 1). */
export enum RiskType {
  GROUP_GATHERING = "GROUP_GATHERING",
  EXTREME_ACT = "EXTREME_ACT",
  VISIT_TO_PROVINCE = "VISIT_TO_PROVINCE",
  VISIT_TO_BEIJING = "VISIT_TO_BEIJING",
  PUBLIC_OPINION = "PUBLIC_OPINION",
  ACCIDENT = "ACCIDENT",
}

/** How far the reporter vouches for the report. */
export enum Reliability {
  CONFIRMED = "CONFIRMED",
  PROBABLE = "PROBABLE",
  UNVERIFIED = "UNVERIFIED",
}

/** Grade set by the consultation (会商研判), lowest first. */
export enum RiskGrade {
  LOW = "LOW",
  MEDIUM = "MEDIUM",
  HIGH = "HIGH",
  MAJOR = "MAJOR",
}

/** The five decisions a consultation may take. */
export enum ConsultationDecision {
  DISMISS = "DISMISS",
  MONITOR = "MONITOR",
  OPEN_MEDIATION_CASE = "OPEN_MEDIATION_CASE",
  OPEN_PRE_PETITION_CASE = "OPEN_PRE_PETITION_CASE",
  ESCALATE_TO_JOINT_MEETING = "ESCALATE_TO_JOINT_MEETING",
}

/** Where a ledger entry stands; only AWAITING_CONSULTATION and MONITORING may be consulted (again). */
export enum LedgerEntryState {
  AWAITING_CONSULTATION = "AWAITING_CONSULTATION",
  DISMISSED = "DISMISSED",
  MONITORING = "MONITORING",
  MEDIATION_OPENED = "MEDIATION_OPENED",
  PRE_PETITION_OPENED = "PRE_PETITION_OPENED",
  ESCALATED = "ESCALATED",
}

/** The grid forces (两员三官五老一律) by default; LEDGER_REPORTER_ROLES replaces the list. */
export const DEFAULT_REPORTER_ROLES: readonly string[] = ["GRID_WORKER", "MEDIATOR", "JUDGE", "PROSECUTOR", "POLICE_OFFICER", "ELDER_VOLUNTEER", "LAWYER"];

/** Early-warning settings (config: LEDGER_*; ALERT_ACK_HOURS). */
export interface EarlyWarningSettings {
  /** Days (of 24 hours, from filing) within which an entry must be consulted; default 3. */
  consultationDays: number;
  /** Reporter roles a ledger entry may name as its source. */
  reporterRoles: readonly string[];
  /** The lowest consultation grade that raises an alert; default HIGH. */
  alertGrade: RiskGrade;
  /** Hours an alert's owner has to acknowledge it; default 24. */
  alertAckHours: number;
}

export const DEFAULT_EARLY_WARNING: EarlyWarningSettings = { consultationDays: 3, reporterRoles: DEFAULT_REPORTER_ROLES, alertGrade: RiskGrade.HIGH, alertAckHours: 24 };
