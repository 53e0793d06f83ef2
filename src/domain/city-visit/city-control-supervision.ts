import { PetitionState } from "../petition-terms";
import { RESOLVED_STATES } from "../visit-once/one-visit-rate";
import type { LocalDate } from "../deadlines/calendar";

/**
 * The city bureau's supervision of a 市控 entry (issue 9 item 3): the resolution deadline it set and the entry's review
 * date. Pure rules; the sweep (commands/sweep-city-control.ts) reads the rows and applies them.
 */

/**
 * A fast-tracked item counts as resolved when it reached the states the one-visit rate counts as resolved (answered,
 * mediated, and everything after: evaluation, reviews, termination). Not accepted and diverted items are not resolved:
 * the city's matter is still open, and the bureau delists it when another route took it over.
 */
export const isPetitionResolved = (state: string): boolean => (RESOLVED_STATES as readonly string[]).includes(state);

/** A still-listed entry whose petition is unresolved strictly after its resolution deadline, and not yet flagged. */
export const isResolutionOverdue = (e: { delistedAt: Date | null; resolutionOverdueAt: Date | null; resolutionDueAt: Date }, petitionState: PetitionState | string, now: Date): boolean =>
  e.delistedAt === null && e.resolutionOverdueAt === null && !isPetitionResolved(petitionState) && now.getTime() > e.resolutionDueAt.getTime();

/** A still-listed entry strictly after its review date whose review round was not flagged yet. */
export const isReviewOverdue = (e: { delistedAt: Date | null; reviewOverdueAt: Date | null; reviewDueAt: Date }, now: Date): boolean =>
  e.delistedAt === null && e.reviewOverdueAt === null && now.getTime() > e.reviewDueAt.getTime();

/** The next review date must be a real local date after today (the bureau's calendar), e.g. "2026-04-30". */
export function isValidNextReviewDate(nextReviewOn: string, today: LocalDate): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(nextReviewOn)) return false;
  const t = Date.parse(`${nextReviewOn}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === nextReviewOn && nextReviewOn > today;
}

/** 信访工作条例 第四十五条第一项: failing to conclude a petition matter within the set period (未在规定期限内办结). */
export const RESOLUTION_OVERDUE_ARTICLE = "信访工作条例 第四十五条第一项";

/** Dedupe key of the resolution-overdue alert and candidate: one per entry and deadline (a new deadline is watched anew). */
export const resolutionOverdueKey = (entryId: number, dueAt: Date): string => `city-resolution-overdue:${entryId}:${dueAt.getTime()}`;

/** Dedupe key of the review-due alert: one per entry and review round (the round is its review date). */
export const reviewDueKey = (entryId: number, reviewDueAt: Date): string => `city-control-review:${entryId}:${reviewDueAt.getTime()}`;
