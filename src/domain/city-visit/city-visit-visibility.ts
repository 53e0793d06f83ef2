import { Principal, seesEverything } from "../access/principal";
import { OrgKind } from "../petition-terms";

/**
 * Who sees a 市控 entry or a letter, by the path of its responsible locality (nearest first): the city bureau all; a
 * petition office its own locality (and what lies under it); everyone else nothing. Agencies and departments are not
 * parties to the city's supervision of a locality. The SQL filter in db/city-visit-queries.ts is the same rule.
 */
export function canSeeCityVisitRecord(p: Principal, localityPath: readonly number[]): boolean {
  if (seesEverything(p)) return true;
  return p.orgKind === OrgKind.PETITION_OFFICE && localityPath.includes(p.orgId);
}

/** Only the responsible locality's own petition office answers its letters (not the bureau on its behalf). */
export const mayRespondToLetter = (p: Principal, recipientOrgId: number): boolean => p.orgKind === OrgKind.PETITION_OFFICE && p.orgId === recipientOrgId;
