/**
 * Vocabulary of the fast track for city visits (来市上访顶格办理, issue 9 item 3): the city-controlled list (市控),
 * the three letters to the responsible locality, and the acceptance decision of the city-level item. Pure values.
 */

/** The three letters the city bureau sends the responsible locality when a visit reaches it. */
export enum LetterKind {
  /** 预警提醒函: the locality is warned that its matter reached the city. */
  EARLY_WARNING_REMINDER = "EARLY_WARNING_REMINDER",
  /** 化解工作立项函: the locality opens a resolution project for the matter. */
  RESOLUTION_PROJECT = "RESOLUTION_PROJECT",
  /** 稳控责任交办函: the locality is assigned responsibility for stability. */
  STABILITY_ASSIGNMENT = "STABILITY_ASSIGNMENT",
}

/** Letters in the order they are issued (and numbered). */
export const LETTER_KINDS: readonly LetterKind[] = [LetterKind.EARLY_WARNING_REMINDER, LetterKind.RESOLUTION_PROJECT, LetterKind.STABILITY_ASSIGNMENT];

/** The acceptance decision the fast track records for the city-level item. */
export enum CityAcceptance {
  /** The city handles it (top-level handling). */
  ACCEPT_HERE = "ACCEPT_HERE",
  /** Art. 19: the same matter is within its handling period below, so it is not accepted here (由下级处理). */
  LOWER_LEVEL_HANDLES = "LOWER_LEVEL_HANDLES",
}

/** Fast-track settings (config: CITY_VISIT_*). */
export interface CityVisitSettings {
  /** The issuing authority's prefix of letter numbers, e.g. "东信" in 东信预〔2026〕7号. */
  letterPrefix: string;
  /** The issuer named on letters. */
  issuer: string;
  /** Days (of 24 hours from issue) the locality has to respond, per letter kind. */
  responseDays: Record<LetterKind, number>;
  /** Days (of 24 hours from registration) of the resolution deadline the city bureau sets by default. */
  resolutionDays: number;
  /** Days (of 24 hours from listing) to the 市控 entry's review date. */
  reviewDays: number;
}

export const DEFAULT_CITY_VISIT: CityVisitSettings = {
  letterPrefix: "东信",
  issuer: "东营市信访局",
  responseDays: { EARLY_WARNING_REMINDER: 3, RESOLUTION_PROJECT: 7, STABILITY_ASSIGNMENT: 5 },
  resolutionDays: 60,
  reviewDays: 30,
};

/** The one-character kind mark in a letter number (预 / 立 / 交). */
export const LETTER_MARK: Record<LetterKind, string> = { EARLY_WARNING_REMINDER: "预", RESOLUTION_PROJECT: "立", STABILITY_ASSIGNMENT: "交" };
