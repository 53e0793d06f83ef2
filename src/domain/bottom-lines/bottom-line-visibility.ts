import { Principal, seesEverything } from "../access/principal";
import { OrgKind } from "../petition-terms";

/**
 * Who sees a bottom-line breach, post or report chain, by the path of its locality (nearest first): the city bureau
 * all; a county petition office its own locality and what lies under it; everyone else nothing (partner agencies and
 * special units have no part in stability reporting, and a breach names a locality's failure).
 */
export function canSeeBottomLine(p: Principal, localityPath: readonly number[]): boolean {
  if (seesEverything(p)) return true;
  return p.orgKind === OrgKind.PETITION_OFFICE && localityPath.includes(p.orgId);
}

/** Whether the principal takes part in bottom-line work at all: the city bureau and the county petition offices. */
export const seesBottomLines = (p: Principal): boolean => seesEverything(p) || p.orgKind === OrgKind.PETITION_OFFICE;
