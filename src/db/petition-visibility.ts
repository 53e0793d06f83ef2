import { Principal, seesEverything } from "../domain/access/principal";

/**
 * The SQL form of domain/access/visibility.ts (`canSeePetition`): a condition on petition alias `alias` and its
 * positional parameters. The city bureau sees all; others need an access row and must not be the accused unit.
 */
export function visibilityClause(p: Principal, alias = "p"): { sql: string; params: unknown[] } {
  if (seesEverything(p)) return { sql: "1=1", params: [] };
  return {
    sql: `EXISTS (SELECT 1 FROM petition_access pa WHERE pa.petitionId = ${alias}.id AND pa.orgId = ?) AND (${alias}.accusedOrgId IS NULL OR ${alias}.accusedOrgId <> ?)`,
    params: [p.orgId, p.orgId],
  };
}
