import { Principal, seesEverything } from "../access/principal";
import { OrgKind } from "../petition-terms";

/**
 * Who sees a ledger entry, by the path of its locality (the locality and its ancestors, nearest first): the city
 * bureau all; a petition office its own locality and what lies under it; everyone else nothing (deny by default:
 * ledger intelligence names people before any petition exists). The SQL filter in db/ledger-queries.ts is the same
 * rule over the organisation tree.
 */
export function canSeeLedgerEntry(p: Principal, localityPath: readonly number[]): boolean {
  if (seesEverything(p)) return true;
  return p.orgKind === OrgKind.PETITION_OFFICE && localityPath.includes(p.orgId);
}
