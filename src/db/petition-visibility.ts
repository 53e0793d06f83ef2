import { SelectQueryBuilder } from "typeorm";
import { Principal, seesEverything } from "../domain/access/principal";
import { PetitionEntity } from "./entities";

/**
 * Restricts a petition query to what the principal may see; the SQL form of domain/access/visibility.ts
 * (`canSeePetition`). `alias` is the petition alias in the query.
 */
export function whereVisible<T extends object>(qb: SelectQueryBuilder<T>, p: Principal, alias = "p"): SelectQueryBuilder<T> {
  if (seesEverything(p)) return qb;
  return qb
    .andWhere(`EXISTS (SELECT 1 FROM petition_access pa WHERE pa.petitionId = ${alias}.id AND pa.orgId = :visOrg)`, { visOrg: p.orgId })
    .andWhere(`(${alias}.accusedOrgId IS NULL OR ${alias}.accusedOrgId <> :visOrg)`, { visOrg: p.orgId });
}

export type PetitionQuery = SelectQueryBuilder<PetitionEntity>;
