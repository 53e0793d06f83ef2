import { Principal, seesEverything } from "../access/principal";
import { OrgKind } from "../petition-terms";

/**
 * Who sees a 市控 entry or a letter, by the path of its responsible locality (nearest first): the city bureau all; a
 * petition office its own locality (and what lies under it); a special unit (胜利油田, 军马场), which is the locality of
 * its own area, its own; everyone else nothing. Agencies and departments are not parties to the city's supervision
 * of a locality. The SQL filter in db/city-visit-queries.ts is the same rule.
 */
export function canSeeCityVisitRecord(p: Principal, localityPath: readonly number[]): boolean {
  if (seesEverything(p)) return true;
  if (p.orgKind === OrgKind.SPECIAL_UNIT) return localityPath[0] === p.orgId;
  return p.orgKind === OrgKind.PETITION_OFFICE && localityPath.includes(p.orgId);
}

/** Only the responsible locality itself (its petition office, or the special unit) answers its letters; never the bureau. */
export const mayRespondToLetter = (p: Principal, recipientOrgId: number): boolean => (p.orgKind === OrgKind.PETITION_OFFICE || p.orgKind === OrgKind.SPECIAL_UNIT) && p.orgId === recipientOrgId;
