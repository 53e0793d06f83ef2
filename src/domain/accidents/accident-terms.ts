/** Vocabulary of accidental death or injury cases (意外伤亡, issue 9 item 5). Pure values. */

/** What happened: a death (at least one person died) or injuries only. */
export enum AccidentKind {
  DEATH = "DEATH",
  INJURY = "INJURY",
}

/** The three duties opening a case creates, each due within hours. */
export enum AccidentDutyKind {
  /** 工作专班: a working team with a leader and members from the units concerned. */
  WORKING_TEAM = "WORKING_TEAM",
  /** 风险研判: a risk consultation, in the ledger consultation's vocabulary (participants, assessment, grade). */
  RISK_CONSULTATION = "RISK_CONSULTATION",
  /** 舆情监测: a public-opinion watch (when it started, the channels watched, what was found). */
  OPINION_WATCH = "OPINION_WATCH",
}

export const ACCIDENT_DUTY_KINDS: readonly AccidentDutyKind[] = [AccidentDutyKind.WORKING_TEAM, AccidentDutyKind.RISK_CONSULTATION, AccidentDutyKind.OPINION_WATCH];

export enum AccidentCaseState {
  OPEN = "OPEN",
  CLOSED = "CLOSED",
}

/** How a case was closed: by an agreement (协议) or by sending the dispute down a documented legal route. */
export enum AccidentClosureBasis {
  AGREEMENT = "AGREEMENT",
  LEGAL_ROUTE = "LEGAL_ROUTE",
}

/** The statutory routes a dispute may be sent down instead of an agreement. */
export enum AccidentLegalRoute {
  /** 诉讼 */
  LITIGATION = "LITIGATION",
  /** 仲裁 (labour or commercial arbitration) */
  ARBITRATION = "ARBITRATION",
  /** 行政复议 */
  ADMINISTRATIVE_REVIEW = "ADMINISTRATIVE_REVIEW",
  /** 行政裁决 (e.g. a work-injury determination, 工伤认定) */
  ADMINISTRATIVE_RULING = "ADMINISTRATIVE_RULING",
}

/** Evidence of a formed working team. */
export interface TeamEvidence {
  leader: string;
  members: { name: string; unit: string }[];
}

/** Evidence of a risk consultation (the ledger's vocabulary: participants, assessment, grade). */
export interface ConsultationEvidence {
  participants: string[];
  assessment: string;
  grade: string;
}

/** Evidence of a public-opinion watch. */
export interface OpinionWatchEvidence {
  startedAt: string;
  channels: string[];
  findings: string;
}

export type DutyEvidence = TeamEvidence | ConsultationEvidence | OpinionWatchEvidence;

/** An agreement (协议) that settles the case; the amount (yuan) is optional. */
export interface AgreementClosure {
  date: string;
  parties: string[];
  reference: string;
  amount: number | null;
}

/** A documented legal route: which route, before which body, its reference and date. */
export interface LegalRouteClosure {
  route: AccidentLegalRoute;
  body: string;
  reference: string;
  date: string;
}

/** Accident settings (config: ACCIDENT_*). */
export interface AccidentSettings {
  /** Hours from opening within which the working team must be formed; default 2. */
  teamHours: number;
  /** Hours from opening within which the risk consultation must be held; default 6. */
  consultationHours: number;
  /** Hours from opening within which the public-opinion watch must be running; default 4. */
  opinionWatchHours: number;
}

export const DEFAULT_ACCIDENT_SETTINGS: AccidentSettings = { teamHours: 2, consultationHours: 6, opinionWatchHours: 4 };
