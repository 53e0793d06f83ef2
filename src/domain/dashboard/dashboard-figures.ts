import { Principal, seesEverything } from "../access/principal";
import { PetitionState } from "../petition-terms";

const S = PetitionState;

/**
 * 在办: states in which an organ still owes the petitioner something (registration, routing, acceptance, handling,
 * a hearing, a review opinion). Answered, evaluated, reviewed, mediated, terminated, not accepted and diverted items
 * wait on the petitioner or are done, so the screen does not count them as open work.
 */
export const OPEN_STATES: readonly PetitionState[] = [
  S.RECEIVED, S.REGISTERED, S.ROUTING, S.FORWARDED, S.ASSIGNED, S.RECEIVED_BY_HANDLER, S.OBJECTED, S.ACCEPTED,
  S.IN_HANDLING, S.EXTENDED, S.HEARING, S.REVIEW_REQUESTED, S.REREVIEW_REQUESTED,
];

/** How many days the registration trend covers (today included). */
export const TREND_DAYS = 30;

/** How many alerts the screen lists. */
export const ALERT_LIMIT = 12;

/**
 * The key under which callers share one computation of the dashboard: what a caller sees depends only on its
 * organisation (visibility.ts: the city bureau all; others their access rows minus accusations against their
 * subtree; agencies their own referrals), never on its roles or subject.
 */
export function dashboardScope(p: Principal): string {
  return seesEverything(p) ? "all" : `org:${p.orgId}`;
}

/** The heat-map row a petition's overdue clock counts under: its locality, and also its handler if that is a special unit. */
export function heatPlaces(localityOrgId: number, handlerOrgId: number | null, specialUnitIds: ReadonlySet<number>): number[] {
  return handlerOrgId !== null && specialUnitIds.has(handlerOrgId) && handlerOrgId !== localityOrgId ? [localityOrgId, handlerOrgId] : [localityOrgId];
}

/** The last `days` local days ending today (`localDate`: the bureau's calendar), oldest first, each with its count. */
export function dailyCounts(instants: readonly Date[], now: Date, days: number, localDate: (at: Date) => string): { day: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const at of instants) {
    const d = localDate(at);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const out: { day: string; count: number }[] = [];
  // 24-hour steps back from now: with a fixed offset (no daylight saving in China) each lands on the previous day.
  for (let i = days - 1; i >= 0; i--) {
    const day = localDate(new Date(now.getTime() - i * 86_400_000));
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}
