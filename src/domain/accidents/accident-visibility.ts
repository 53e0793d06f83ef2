import { Principal, seesEverything } from "../access/principal";
import { OrgKind } from "../petition-terms";

/**
 * Who sees and acts on an accident case, by the path of its locality (the locality and its ancestors, nearest
 * first): the city bureau all; a petition office its own locality and what lies under it; everyone else nothing.
 * The same rule as the risk ledger: a case names casualties and families before any petition exists, and a partner
 * agency that needs to act is reached through a referral, not through this record.
 */
export function canSeeAccidentCase(p: Principal, localityPath: readonly number[]): boolean {
  if (seesEverything(p)) return true;
  return p.orgKind === OrgKind.PETITION_OFFICE && localityPath.includes(p.orgId);
}
