import { RiskGrade, RiskType } from "../early-warning/ledger-terms";
import { BOTTOM_LINES, BottomLine, BottomLineSettings, Sentiment, URGENT_REPORT_RECIPIENTS, UrgentReportRecipient } from "./bottom-line-terms";

/** What a figure means for its line: nothing, a pre-alert (WARNING), or a breach (CRITICAL alert and the report chain). */
export type LineVerdict = "NONE" | "PRE_ALERT" | "BREACH";

/**
 * Line 1 for a visit of `headcount` people: a breach at or above the large-group threshold, a pre-alert for a group
 * (at or above the group minimum, below the threshold), nothing below. Both bounds are inclusive ("≥ 50", "≥ 5").
 */
export function groupVisitVerdict(headcount: number, s: Pick<BottomLineSettings, "groupMin" | "largeGroupMin">): LineVerdict {
  if (headcount >= s.largeGroupMin) return "BREACH";
  if (headcount >= s.groupMin) return "PRE_ALERT";
  return "NONE";
}

/**
 * Line 4 for a post linked to a petition or matter: only negative posts count; a breach at or above the breach reach,
 * a watch pre-alert at or above the watch reach, nothing below (a neutral or positive post never).
 */
export function postVerdict(reach: number, sentiment: Sentiment, s: Pick<BottomLineSettings, "opinionBreachReach" | "opinionWatchReach">): LineVerdict {
  if (sentiment !== Sentiment.NEGATIVE) return "NONE";
  if (reach >= s.opinionBreachReach) return "BREACH";
  if (reach >= s.opinionWatchReach) return "PRE_ALERT";
  return "NONE";
}

/** The line a group petition received at the province or in Beijing breaches. */
export const higherLevelLine = (level: "PROVINCE" | "BEIJING"): BottomLine => (level === "BEIJING" ? BottomLine.BEIJING_GROUP : BottomLine.PROVINCE_GROUP);

/**
 * The pre-alert a consulted ledger entry raises for lines 2 and 3: a reported plan to visit the province or Beijing
 * graded HIGH or MAJOR. Other entries raise none here (their own LEDGER_HIGH_RISK alert stays).
 */
export function ledgerPreAlertLine(riskType: RiskType, grade: RiskGrade): BottomLine | null {
  if (grade !== RiskGrade.HIGH && grade !== RiskGrade.MAJOR) return null;
  if (riskType === RiskType.VISIT_TO_BEIJING) return BottomLine.BEIJING_GROUP;
  if (riskType === RiskType.VISIT_TO_PROVINCE) return BottomLine.PROVINCE_GROUP;
  return null;
}

/**
 * The urgent report chain of a breach (Art. 25): one report per recipient, each due the configured hours after the
 * hub learned of the breach (the clock runs from awareness, T16 in domain-research.md).
 */
export function reportChain(learnedAt: Date, hours: Readonly<Record<UrgentReportRecipient, number>>): { recipient: UrgentReportRecipient; dueAt: Date }[] {
  return URGENT_REPORT_RECIPIENTS.map((recipient) => ({ recipient, dueAt: new Date(learnedAt.getTime() + hours[recipient] * 3_600_000) }));
}

/** A report is late when made strictly after its due instant (due 10:00, made 10:00 is on time). */
export const isReportLate = (dueAt: Date, reportedAt: Date): boolean => reportedAt.getTime() > dueAt.getTime();

/** An unrecorded report is overdue once the instant is strictly past its due time. */
export const isReportOverdue = (r: { dueAt: Date; reportedAt: Date | null }, now: Date): boolean => r.reportedAt === null && now.getTime() > r.dueAt.getTime();

const DAY_MS = 86_400_000;
/** Days since the epoch of the local calendar date of `d` at `utcOffsetMinutes` (480 = Asia/Shanghai, no DST). */
const localDayNumber = (d: Date, utcOffsetMinutes: number): number => Math.floor((d.getTime() + utcOffsetMinutes * 60_000) / DAY_MS);

/**
 * Days since the last breach: the number of local calendar days from the date of the breach to the date of `now`
 * (Asia/Shanghai by default). A breach today is 0, yesterday 1, whatever the hours; no breach is null (never). A breach
 * recorded with a time after `now` counts as today (0), never negative.
 */
export function daysSince(lastBreachAt: Date | null, now: Date, utcOffsetMinutes = 480): number | null {
  if (!lastBreachAt) return null;
  return Math.max(0, localDayNumber(now, utcOffsetMinutes) - localDayNumber(lastBreachAt, utcOffsetMinutes));
}

/** The last breach of one line, and the days since it (null: never breached). */
export interface LineDays {
  line: BottomLine;
  lastBreachAt: Date | null;
  daysSince: number | null;
}

/** Per line, the latest of the given breaches and the days since it (see daysSince), in the lines' order. */
export function daysSinceByLine(breaches: readonly { line: BottomLine; occurredAt: Date }[], now: Date, utcOffsetMinutes = 480): LineDays[] {
  return BOTTOM_LINES.map((line) => {
    let last: Date | null = null;
    for (const b of breaches) if (b.line === line && (!last || b.occurredAt.getTime() > last.getTime())) last = b.occurredAt;
    return { line, lastBreachAt: last, daysSince: daysSince(last, now, utcOffsetMinutes) };
  });
}
