/**
 * The range a date given to the hub must fall in. A petition record cannot predate the founding of the People's
 * Republic (1949-10-01, the default earliest), a fact (receipt, delivery, a request) cannot lie in the future, and a
 * due date set by an assigning organ lies ahead but within a bounded horizon. Without this, year 0001 was accepted
 * (and read back from MariaDB as 2001) and an answer "delivered" in 2099 held a review window open for decades.
 * Pure: `now` and the bounds are passed in.
 */
export interface DateBounds {
  /** No date before this instant is accepted. */
  earliest: Date;
  /** How far ahead a due date may be set (days). */
  maxFutureDays: number;
}

/** 1949-10-01 00:00 in Beijing (UTC+8); ten years ahead for due dates. */
export const DEFAULT_DATE_BOUNDS: DateBounds = { earliest: new Date("1949-09-30T16:00:00.000Z"), maxFutureDays: 3650 };

/** `past`: a fact that has happened (≤ now). `due`: a time limit someone sets (> now, within maxFutureDays). */
export type DateKind = "past" | "due";

export interface DateInput {
  path: string;
  value: Date | null | undefined;
  kind: DateKind;
}

const DAY_MS = 86_400_000;

/** The problems with the given dates (empty when all are in range); absent values are not checked. */
export function dateIssues(inputs: readonly DateInput[], bounds: DateBounds, now: Date): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  for (const { path, value, kind } of inputs) {
    if (value === null || value === undefined) continue;
    const t = value.getTime();
    if (Number.isNaN(t)) issues.push({ path, message: "not a valid date" });
    else if (t < bounds.earliest.getTime()) issues.push({ path, message: `must not be before ${bounds.earliest.toISOString()}` });
    else if (kind === "past" && t > now.getTime()) issues.push({ path, message: "must not be in the future" });
    else if (kind === "due" && t <= now.getTime()) issues.push({ path, message: "must be in the future" });
    // Stryker disable next-line ConditionalExpression: equivalent, a past date after now was refused on the line above, so `kind === "due"` adds nothing here
    else if (kind === "due" && t > now.getTime() + bounds.maxFutureDays * DAY_MS) issues.push({ path, message: `must be within ${bounds.maxFutureDays} days from now` });
  }
  return issues;
}

/** Bounds from configuration: the earliest local date (YYYY-MM-DD, midnight at `utcOffsetMinutes`) and the horizon. */
export function dateBoundsFrom(earliestLocalDate: string, utcOffsetMinutes: number, maxFutureDays: number): DateBounds {
  return { earliest: new Date(Date.parse(`${earliestLocalDate}T00:00:00.000Z`) - utcOffsetMinutes * 60_000), maxFutureDays };
}
