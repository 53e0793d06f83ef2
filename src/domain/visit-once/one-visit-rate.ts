import { PetitionState } from "../petition-terms";

/**
 * States in which an item counts as resolved for the one-visit rate: it was answered or mediated (and anything after
 * that: service, evaluation, reviews, termination). Not accepted and diverted items were not resolved here.
 */
export const RESOLVED_STATES: readonly PetitionState[] = [
  PetitionState.MEDIATED,
  PetitionState.ANSWERED,
  PetitionState.EVALUATED,
  PetitionState.EVAL_OVERDUE,
  PetitionState.REVIEW_REQUESTED,
  PetitionState.REVIEWED,
  PetitionState.REREVIEW_REQUESTED,
  PetitionState.REREVIEWED,
  PetitionState.TERMINATED,
];

/** One matter of the population, as the SQL gives it: its first item's state, and how many later in-person items it has. */
export interface FirstItemRow {
  matterId: number;
  firstState: string;
  laterVisits: number;
}

/** The one-visit resolution rate (一次性化解率) of a period and place. */
export interface OneVisitRate {
  /** Matters whose first item was received in the period (and place) and has reached a resolved state. */
  resolvedFirstItems: number;
  /** Of those, the matters with no later in-person visit (OWN or CONFIRMED items only). */
  withoutRepeatVisit: number;
  /** withoutRepeatVisit / resolvedFirstItems; null when no first item was resolved. */
  rate: number | null;
}

/**
 * Computes the rate from the first items of the matters opened in the period (the SQL in visit-once-queries.ts
 * selects them). Pure: population = first items in RESOLVED_STATES; numerator = those with no later visit.
 */
export function oneVisitRate(rows: readonly FirstItemRow[]): OneVisitRate {
  const resolved = rows.filter((r) => (RESOLVED_STATES as readonly string[]).includes(r.firstState));
  const withoutRepeatVisit = resolved.filter((r) => r.laterVisits === 0).length;
  return { resolvedFirstItems: resolved.length, withoutRepeatVisit, rate: resolved.length ? withoutRepeatVisit / resolved.length : null };
}

/** Visit-at-most-once settings (configuration, src/platform/config.ts). */
export interface VisitOnceSettings {
  /** Days back from now over which the command screen shows the one-visit rate; default 90. */
  dashboardDays: number;
}

export const DEFAULT_VISIT_ONCE: VisitOnceSettings = { dashboardDays: 90 };
