import { DataSource } from "typeorm";
import { Principal } from "../domain/access/principal";
import { Category, PetitionState, SpecialGroup } from "../domain/petition-terms";
import { PetitionEntity } from "./entities";
import { visibilityClause } from "./petition-visibility";
import { RowReader } from "./row-reader";
import { dateParam } from "./sql-params";

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

const readers = new WeakMap<DataSource, RowReader<PetitionEntity>>();
const reader = (db: DataSource) => readers.get(db) ?? readers.set(db, new RowReader(db, PetitionEntity)).get(db)!;
const list = (xs: readonly unknown[]) => xs.map(() => "?").join(",");

/** Petitions by id that the principal may see (invisible and missing are the same to the caller). */
export function findVisiblePetitions(db: DataSource, p: Principal, ids: readonly number[]): Promise<PetitionEntity[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const vis = visibilityClause(p);
  return reader(db).select("p", `WHERE p.id IN (${list(ids)}) AND ${vis.sql}`, [...ids, ...vis.params]);
}

export async function findVisiblePetition(db: DataSource, p: Principal, id: number): Promise<PetitionEntity | null> {
  return (await findVisiblePetitions(db, p, [id]))[0] ?? null;
}

/**
 * Newest first, keyset-paginated on id (stable under inserts). Fetches one extra row to know whether
 * another page exists. One SQL statement.
 */
export async function listPetitions(db: DataSource, p: Principal, f: PetitionFilter, first: number, afterId: number | null, now: Date) {
  const vis = visibilityClause(p);
  const where = [vis.sql];
  const params: unknown[] = [...vis.params];
  const add = (sql: string, ...ps: unknown[]) => {
    where.push(sql);
    params.push(...ps);
  };
  if (afterId) add("p.id < ?", afterId);
  if (f.states?.length) add(`p.state IN (${list(f.states)})`, ...f.states);
  if (f.categories?.length) add(`p.category IN (${list(f.categories)})`, ...f.categories);
  if (f.localityOrgIds?.length) add(`p.localityOrgId IN (${list(f.localityOrgIds)})`, ...f.localityOrgIds);
  if (f.handlerOrgIds?.length) add(`p.handlerOrgId IN (${list(f.handlerOrgIds)})`, ...f.handlerOrgIds);
  if (f.specialGroups?.length) add(`EXISTS (SELECT 1 FROM petition_group g WHERE g.petitionId = p.id AND g.\`group\` IN (${list(f.specialGroups)}))`, ...f.specialGroups);
  if (f.registeredFrom) add("p.registeredAt >= ?", dateParam(db, f.registeredFrom));
  if (f.registeredTo) add("p.registeredAt < ?", dateParam(db, f.registeredTo));
  if (f.overdue !== undefined) {
    const overdue = "EXISTS (SELECT 1 FROM deadline d WHERE d.petitionId = p.id AND d.nature = 'DUTY' AND d.closedAt IS NULL AND (d.state = 'BREACHED' OR (d.state = 'OPEN' AND d.dueAt < ?)))";
    add(f.overdue ? overdue : `NOT ${overdue}`, dateParam(db, now));
  }
  const rows = await reader(db).select("p", `WHERE ${where.join(" AND ")} ORDER BY p.id DESC LIMIT ?`, [...params, first + 1]);
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}
