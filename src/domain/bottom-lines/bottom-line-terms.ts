/**
 * The four bottom lines (四个不发生, domain.md §6) as alerts: their vocabulary and settings. Pure values.
 */

/** The four lines, in the bureau's order. */
export enum BottomLine {
  /** (1) no large-scale group petition incident (不发生大规模群体性上访事件). */
  LARGE_GROUP = "LARGE_GROUP",
  /** (2) no group petition to the province (不发生到省集访). */
  PROVINCE_GROUP = "PROVINCE_GROUP",
  /** (3) no group petition to Beijing (不发生进京集体访). */
  BEIJING_GROUP = "BEIJING_GROUP",
  /** (4) no petition-related public-opinion flare-up (不发生涉访舆情炒作). */
  PUBLIC_OPINION = "PUBLIC_OPINION",
}

export const BOTTOM_LINES: readonly BottomLine[] = [BottomLine.LARGE_GROUP, BottomLine.PROVINCE_GROUP, BottomLine.BEIJING_GROUP, BottomLine.PUBLIC_OPINION];

/** Where a group petition outside the city was received (lines 2 and 3). */
export enum HigherLevel {
  PROVINCE = "PROVINCE",
  BEIJING = "BEIJING",
}

/** The three recipients of the urgent report chain (Art. 25). */
export enum UrgentReportRecipient {
  /** The same-level party committee and government (市委市政府). */
  CITY_LEADERSHIP = "CITY_LEADERSHIP",
  /** The next-level petition department (省信访局). */
  PROVINCIAL_BUREAU = "PROVINCIAL_BUREAU",
  /** 国家信访局, "at the same time" as the provincial bureau. */
  NATIONAL_BUREAU = "NATIONAL_BUREAU",
}

export const URGENT_REPORT_RECIPIENTS: readonly UrgentReportRecipient[] = [UrgentReportRecipient.CITY_LEADERSHIP, UrgentReportRecipient.PROVINCIAL_BUREAU, UrgentReportRecipient.NATIONAL_BUREAU];

/** A post's tone as the monitoring officer judges it. */
export enum Sentiment {
  NEGATIVE = "NEGATIVE",
  NEUTRAL = "NEUTRAL",
  POSITIVE = "POSITIVE",
}

/** How the hub learned of a breach. */
export enum BreachSource {
  /** A registered visit at or above the large-group threshold (line 1). */
  PETITION = "PETITION",
  /** A report by the city bureau of a group petition at the province or in Beijing (lines 2, 3). */
  HIGHER_LEVEL_REPORT = "HIGHER_LEVEL_REPORT",
  /** A linked negative post at or above the reach threshold (line 4). */
  PUBLIC_OPINION_POST = "PUBLIC_OPINION_POST",
}

/** Bottom-line settings (config: BOTTOM_LINE_*). */
export interface BottomLineSettings {
  /** People from which a visit is a group petition and raises a pre-alert of line 1 (default 5, domain.md §6). */
  groupMin: number;
  /** People from which a group petition breaches line 1 (default 50, domain.md §6). */
  largeGroupMin: number;
  /** Reach (views + reposts) from which a linked negative post breaches line 4 (default 10 000). */
  opinionBreachReach: number;
  /** Reach from which a linked negative post raises a watch pre-alert of line 4 (default 1 000); below it, nothing. */
  opinionWatchReach: number;
  /** Hours after the hub learned of a breach by which each urgent report is due (Art. 25 says only "promptly"). */
  reportHours: Readonly<Record<UrgentReportRecipient, number>>;
  /** Hours the owner of a breach alert has to acknowledge it (default 1); pre-alerts use the alerts' ALERT_ACK_HOURS. */
  breachAckHours: number;
  /** Owning leaders per locality organisation code (BOTTOM_LINE_LEADERS); a report may name one instead. */
  leaders: Readonly<Record<string, string>>;
  /** The local calendar's offset from UTC in minutes, for "days since" (UTC_OFFSET_MINUTES; 480 = Asia/Shanghai). */
  utcOffsetMinutes: number;
}

export const DEFAULT_BOTTOM_LINES: BottomLineSettings = {
  groupMin: 5,
  largeGroupMin: 50,
  opinionBreachReach: 10_000,
  opinionWatchReach: 1_000,
  reportHours: { CITY_LEADERSHIP: 1, PROVINCIAL_BUREAU: 2, NATIONAL_BUREAU: 2 },
  breachAckHours: 1,
  leaders: {},
  utcOffsetMinutes: 480,
};
