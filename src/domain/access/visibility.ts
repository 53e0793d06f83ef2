import { Principal, seesEverything } from "./principal";

/** Facts about a petition that decide who may see it. */
export interface VisibilityFacts {
  /** Organisations with an access reason (locality, registering unit, handler, reviewer). */
  accessOrgIds: readonly number[];
  /** For accusations: the accused unit, which must never see the petition (Art. 30). */
  accusedOrgId: number | null;
}

/**
 * Deny by default: the city bureau sees all; another organisation sees a petition only when it has an access
 * reason, and never when it is the accused unit. The SQL list filter in db/petition-visibility.ts is the same rule
 * expressed as a join, and is tested against this function.
 */
export function canSeePetition(p: Principal, f: VisibilityFacts): boolean {
  if (seesEverything(p)) return true;
  if (f.accusedOrgId !== null && f.accusedOrgId === p.orgId) return false;
  return f.accessOrgIds.includes(p.orgId);
}
