import { DataSource } from "typeorm";
import { Principal } from "../domain/access/principal";
import { Category, PetitionState, SpecialGroup } from "../domain/petition-terms";
import { PetitionEntity } from "./entities";
import { whereVisible } from "./petition-visibility";

export interface PetitionFilter {
  states?: PetitionState[];
  categories?: Category[];
  localityOrgIds?: number[];
  handlerOrgIds?: number[];
  specialGroups?: SpecialGroup[];
  overdue?: boolean;
  registeredFrom?: Date;
  registeredTo?: Date;
}

/** One petition if the principal may see it (invisible and missing are the same to the caller). */
export function findVisiblePetition(db: DataSource, p: Principal, id: number): Promise<PetitionEntity | null> {
  return whereVisible(db.getRepository(PetitionEntity).createQueryBuilder("p").where("p.id = :id", { id }), p).getOne();
}

/**
 * Newest first, keyset-paginated on id (stable under inserts). Fetches one extra row to know whether
 * another page exists. One SQL statement.
 */
export async function listPetitions(db: DataSource, p: Principal, f: PetitionFilter, first: number, afterId: number | null, now: Date) {
  const qb = db.getRepository(PetitionEntity).createQueryBuilder("p");
  whereVisible(qb, p);
  if (afterId) qb.andWhere("p.id < :afterId", { afterId });
  if (f.states?.length) qb.andWhere("p.state IN (:...states)", { states: f.states });
  if (f.categories?.length) qb.andWhere("p.category IN (:...categories)", { categories: f.categories });
  if (f.localityOrgIds?.length) qb.andWhere("p.localityOrgId IN (:...loc)", { loc: f.localityOrgIds });
  if (f.handlerOrgIds?.length) qb.andWhere("p.handlerOrgId IN (:...han)", { han: f.handlerOrgIds });
  if (f.specialGroups?.length) qb.andWhere("EXISTS (SELECT 1 FROM petition_group g WHERE g.petitionId = p.id AND g.`group` IN (:...groups))", { groups: f.specialGroups });
  if (f.registeredFrom) qb.andWhere("p.registeredAt >= :from", { from: f.registeredFrom });
  if (f.registeredTo) qb.andWhere("p.registeredAt < :to", { to: f.registeredTo });
  if (f.overdue !== undefined) {
    const overdue = "EXISTS (SELECT 1 FROM deadline d WHERE d.petitionId = p.id AND d.nature = 'DUTY' AND d.closedAt IS NULL AND (d.state = 'BREACHED' OR (d.state = 'OPEN' AND d.dueAt < :now)))";
    qb.andWhere(f.overdue ? overdue : `NOT ${overdue}`, { now });
  }
  const rows = await qb.orderBy("p.id", "DESC").take(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}
