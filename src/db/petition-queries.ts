import { DataSource } from "typeorm";
import { Principal } from "../domain/access/principal";
import { Category, PetitionState, SpecialGroup } from "../domain/petition-terms";
import { PetitionAccessEntity, PetitionEntity } from "./entities";
import type { AccessReason } from "./entities/petition-access.entity";
import { ownReasonsExpr, visibilityClause } from "./petition-visibility";
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

/** Petitions the principal may see, each with the principal's own access rows on it, read in the same statement. */
export interface VisiblePetitions {
  rows: PetitionEntity[];
  /** Per row (same order): the principal's own access rows; null for a principal that sees everything (none read). */
  ownAccess: PetitionAccessEntity[][] | null;
}

/** `SELECT` petitions under `where` (which starts after the visibility condition), with the principal's own access rows. */
async function selectVisible(db: DataSource, p: Principal, where: string, params: unknown[]): Promise<VisiblePetitions> {
  const vis = visibilityClause(p);
  const own = ownReasonsExpr(p);
  const rest = `WHERE ${vis.sql}${where}`;
  if (!own) return { rows: await reader(db).select("p", rest, [...vis.params, ...params]), ownAccess: null };
  const { rows, extras } = await reader(db).selectWith("p", [own.sql], rest, [...own.params, ...vis.params, ...params]);
  const ownAccess = rows.map((r, i) => {
    const reasons = extras[i][0];
    return typeof reasons === "string" && reasons ? reasons.split(",").map((reason) => ({ petitionId: r.id, orgId: p.orgId, reason: reason as AccessReason })) : [];
  });
  return { rows, ownAccess };
}

/** Petitions by id that the principal may see (invisible and missing are the same to the caller). */
export function findVisiblePetitions(db: DataSource, p: Principal, ids: readonly number[]): Promise<VisiblePetitions> {
  if (ids.length === 0) return Promise.resolve({ rows: [], ownAccess: null });
  return selectVisible(db, p, ` AND p.id IN (${list(ids)})`, [...ids]);
}

/** One petition if the principal may see it (a command's or mutation's check; queries use the request's loader). */
export async function findVisiblePetition(db: DataSource, p: Principal, id: number): Promise<PetitionEntity | null> {
  return (await findVisiblePetitions(db, p, [id])).rows[0] ?? null;
}

/**
 * Newest first, keyset-paginated on id (stable under inserts). Fetches one extra row to know whether
 * another page exists. One SQL statement.
 */
export async function listPetitions(db: DataSource, p: Principal, f: PetitionFilter, first: number, afterId: number | null, now: Date): Promise<VisiblePetitions & { hasNextPage: boolean }> {
  const where: string[] = [];
  const params: unknown[] = [];
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
  const { rows, ownAccess } = await selectVisible(db, p, `${where.map((w) => ` AND ${w}`).join("")} ORDER BY p.id DESC LIMIT ?`, [...params, first + 1]);
  return { rows: rows.slice(0, first), ownAccess: ownAccess && ownAccess.slice(0, first), hasNextPage: rows.length > first };
}
