import { Principal, seesEverything } from "../domain/access/principal";

/**
 * The SQL form of domain/access/visibility.ts (`canSeePetition`): a condition on petition alias `alias` and its
 * positional parameters. The city bureau sees all; others need an active (non-FORMER) access row, and must be
 * neither the accused unit nor under it (the principal's organisation path).
 */
export function visibilityClause(p: Principal, alias = "p"): { sql: string; params: unknown[] } {
  if (seesEverything(p)) return { sql: "1=1", params: [] };
  const path = p.orgPath.length ? p.orgPath : [p.orgId];
  return {
    sql: `EXISTS (SELECT 1 FROM petition_access pa WHERE pa.petitionId = ${alias}.id AND pa.orgId = ? AND pa.reason <> 'FORMER') AND (${alias}.accusedOrgId IS NULL OR ${alias}.accusedOrgId NOT IN (${path.map(() => "?").join(",")}))`,
    params: [p.orgId, ...path],
  };
}

/**
 * A select-list expression with the principal's own access reasons on petition `alias`, comma-separated (the rows the
 * visibility condition above looks up, read in the same statement so the view needs no second one). Null for a
 * principal that sees everything: it has no projection, so nothing is read.
 */
export function ownReasonsExpr(p: Principal, alias = "p"): { sql: string; params: unknown[] } | null {
  if (seesEverything(p)) return null;
  return { sql: `(SELECT GROUP_CONCAT(oa.reason) FROM petition_access oa WHERE oa.petitionId = ${alias}.id AND oa.orgId = ?)`, params: [p.orgId] };
}
