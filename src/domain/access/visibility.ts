import { Principal, seesEverything } from "./principal";

/** One reason an organisation has to see a petition (petition_access). */
export interface AccessGrant {
  orgId: number;
  reason: string;
}

/** Facts about a petition that decide who may see it. */
export interface VisibilityFacts {
  /** Access reasons (locality, registering unit, handler, reviewer, referral; FORMER for a party whose reason ended). */
  access: readonly AccessGrant[];
  /** For accusations: the accused unit; neither it nor any unit under it may see the petition (Art. 30). */
  accusedOrgId: number | null;
}

/** A reason that still lets its organisation see the petition; FORMER parties see only their own actions. */
export const isActiveGrant = (g: AccessGrant) => g.reason !== "FORMER";

/** True when the principal's organisation is the accused unit or lies under it in the organisation tree. */
// Stryker disable next-line ConditionalExpression: equivalent, an organisation path of ids never includes null
export const isAccusedOrUnder = (p: Principal, accusedOrgId: number | null) => accusedOrgId !== null && p.orgPath.includes(accusedOrgId);

/**
 * Deny by default: the city bureau sees all (it is the registering organ and routes accusations to discipline
 * inspection, bound by Art. 30's confidentiality itself); another organisation sees a petition only through an active
 * access reason, and never when it is the accused unit or under it. The SQL list filter in db/petition-visibility.ts
 * is the same rule expressed as a join, and is tested against this function.
 */
export function canSeePetition(p: Principal, f: VisibilityFacts): boolean {
  if (seesEverything(p)) return true;
  if (isAccusedOrUnder(p, f.accusedOrgId)) return false;
  return f.access.some((g) => g.orgId === p.orgId && isActiveGrant(g));
}

/** An organisation may have a former party's view: its own recorded actions on a petition it no longer sees. */
export function isFormerParty(p: Principal, f: VisibilityFacts): boolean {
  return !isAccusedOrUnder(p, f.accusedOrgId) && f.access.some((g) => g.orgId === p.orgId && g.reason === "FORMER");
}

/**
 * Whether an accusation may be routed (forwarded, assigned, referred) to `target`, given the target's organisation
 * path (itself and its ancestors): never to the accused unit or a unit under it (Art. 30).
 */
// Stryker disable next-line ConditionalExpression: equivalent, an organisation path of ids never includes null
export const mayReceiveAccusation = (targetOrgPath: readonly number[], accusedOrgId: number | null) => accusedOrgId === null || !targetOrgPath.includes(accusedOrgId);
