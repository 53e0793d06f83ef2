import { DataSource, EntityManager, In, IsNull, LessThan, Not } from "typeorm";
import type { Principal } from "../domain/access/principal";
import { canSeeCityVisitRecord } from "../domain/city-visit/city-visit-visibility";
import { RESOLVED_STATES } from "../domain/visit-once/one-visit-rate";
import { CityControlEntryEntity, CityVisitLetterEntity, PetitionEntity } from "./entities";
import { localitiesSeenBy, orgPath } from "./org-tree";


/** Filters of the 市控 list. */
export interface CityControlFilter {
  /** true: still listed; false: delisted; absent: both. */
  listed?: boolean;
  localityOrgId?: number;
}

/** Visible 市控 entries, newest first. */
export async function listCityControl(db: DataSource, p: Principal, f: CityControlFilter, first: number): Promise<CityControlEntryEntity[]> {
  const localities = await localitiesSeenBy(db, p, canSeeCityVisitRecord);
  if (localities !== "ALL" && localities.length === 0) return [];
  const where: Record<string, unknown> = {};
  if (localities !== "ALL") where.localityOrgId = In(f.localityOrgId === undefined ? localities : localities.filter((l) => l === f.localityOrgId));
  else if (f.localityOrgId !== undefined) where.localityOrgId = f.localityOrgId;
  if (f.listed === true) where.delistedAt = IsNull();
  if (f.listed === false) where.delistedAt = Not(IsNull());
  return db.getRepository(CityControlEntryEntity).find({ where, order: { id: "DESC" }, take: first });
}

/** Filters of the letters list. */
export interface LetterFilter {
  petitionId?: number;
  awaitingResponse?: boolean;
  overdueOnly?: boolean;
}

/** Visible letters (of the caller's locality; all for the city bureau), newest first. */
export async function listCityVisitLetters(db: DataSource, p: Principal, f: LetterFilter, first: number, now: Date): Promise<CityVisitLetterEntity[]> {
  const localities = await localitiesSeenBy(db, p, canSeeCityVisitRecord);
  if (localities !== "ALL" && localities.length === 0) return [];
  const where: Record<string, unknown> = {};
  if (localities !== "ALL") where.recipientOrgId = In(localities);
  if (f.petitionId !== undefined) where.petitionId = f.petitionId;
  if (f.awaitingResponse) where.respondedAt = IsNull();
  if (f.overdueOnly) Object.assign(where, { respondedAt: IsNull(), responseDueAt: LessThan(now) });
  return db.getRepository(CityVisitLetterEntity).find({ where, order: { id: "DESC" }, take: first });
}

/** The letters of a 市控 entry, in issue order. */
export function lettersOfEntry(db: DataSource, entryId: number): Promise<CityVisitLetterEntity[]> {
  return db.getRepository(CityVisitLetterEntity).find({ where: { entryId }, order: { id: "ASC" } });
}

/** One letter for update inside a command, if the principal may see it (null for invisible and missing alike). */
export async function visibleLetterForUpdate(em: EntityManager, p: Principal, id: number): Promise<CityVisitLetterEntity | null> {
  const qb = em.getRepository(CityVisitLetterEntity).createQueryBuilder("l").where("l.id = :id", { id });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  const l = await qb.getOne();
  return l && canSeeCityVisitRecord(p, await orgPath(em.connection, l.recipientOrgId)) ? l : null;
}

/** One 市控 entry for update inside a command, if the principal may see it. */
export async function visibleEntryForUpdate(em: EntityManager, p: Principal, id: number): Promise<CityControlEntryEntity | null> {
  const qb = em.getRepository(CityControlEntryEntity).createQueryBuilder("e").where("e.id = :id", { id });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  const e = await qb.getOne();
  return e && canSeeCityVisitRecord(p, await orgPath(em.connection, e.localityOrgId)) ? e : null;
}

/** Command-screen figures: listed 市控 entries per locality, letters awaiting response, overdue responses, and the
 * listed entries flagged by the supervision sweep (resolution deadline passed, review due). */
export async function cityVisitFigures(db: DataSource, p: Principal, now: Date): Promise<{ listedByLocality: { localityOrgId: number; count: number }[]; lettersAwaiting: number; lettersOverdue: number; resolutionOverdue: number; reviewsDue: number }> {
  const localities = await localitiesSeenBy(db, p, canSeeCityVisitRecord);
  if (localities !== "ALL" && localities.length === 0) return { listedByLocality: [], lettersAwaiting: 0, lettersOverdue: 0, resolutionOverdue: 0, reviewsDue: 0 };
  const entries = db.getRepository(CityControlEntryEntity).createQueryBuilder("e").select("e.localityOrgId", "localityOrgId").addSelect("COUNT(*)", "n").where("e.delistedAt IS NULL").groupBy("e.localityOrgId").orderBy("e.localityOrgId", "ASC");
  const letters = db.getRepository(CityVisitLetterEntity).createQueryBuilder("l").where("l.respondedAt IS NULL");
  if (localities !== "ALL") {
    entries.andWhere("e.localityOrgId IN (:...ids)", { ids: localities });
    letters.andWhere("l.recipientOrgId IN (:...ids)", { ids: localities });
  }
  const rows: { localityOrgId: number | string; n: number | string }[] = await entries.getRawMany();
  const awaiting = await letters.getCount();
  const overdue = await letters.andWhere("l.responseDueAt < :now", { now }).getCount();
  const flagged = async (column: "resolutionOverdueAt" | "reviewOverdueAt") => {
    const q = db.getRepository(CityControlEntryEntity).createQueryBuilder("e").where(`e.delistedAt IS NULL AND e.${column} IS NOT NULL`);
    if (localities !== "ALL") q.andWhere("e.localityOrgId IN (:...ids)", { ids: localities });
    // A matter resolved after it was flagged no longer counts as overdue on the screen.
    if (column === "resolutionOverdueAt") q.innerJoin(PetitionEntity, "p", "p.id = e.petitionId").andWhere("p.state NOT IN (:...resolved)", { resolved: RESOLVED_STATES });
    return q.getCount();
  };
  return { listedByLocality: rows.map((r) => ({ localityOrgId: Number(r.localityOrgId), count: Number(r.n) })), lettersAwaiting: awaiting, lettersOverdue: overdue, resolutionOverdue: await flagged("resolutionOverdueAt"), reviewsDue: await flagged("reviewOverdueAt") };
}
