import { DataSource, In, LessThan } from "typeorm";
import type { Principal } from "../domain/access/principal";
import { AccidentCaseState } from "../domain/accidents/accident-terms";
import { canSeeAccidentCase } from "../domain/accidents/accident-visibility";
import { AccidentCaseEntity, AccidentDutyEntity } from "./entities";
import { localitiesSeenBy, orgPath } from "./org-tree";


/** One case if the principal may see it (null for invisible and missing alike). */
export async function findVisibleAccidentCase(db: DataSource, p: Principal, id: number): Promise<AccidentCaseEntity | null> {
  const c = await db.getRepository(AccidentCaseEntity).findOneBy({ id });
  return c && canSeeAccidentCase(p, await orgPath(db, c.localityOrgId)) ? c : null;
}

/** Visible cases, newest first, after the cursor id; optionally of one state. */
export async function listAccidentCases(db: DataSource, p: Principal, f: { state?: AccidentCaseState }, first: number, beforeId: number | null): Promise<AccidentCaseEntity[]> {
  const localities = await localitiesSeenBy(db, p, canSeeAccidentCase);
  if (localities !== "ALL" && localities.length === 0) return [];
  const qb = db.getRepository(AccidentCaseEntity).createQueryBuilder("c").orderBy("c.id", "DESC").take(first);
  if (localities !== "ALL") qb.andWhere({ localityOrgId: In(localities) });
  if (f.state) qb.andWhere({ state: f.state });
  if (beforeId !== null) qb.andWhere({ id: LessThan(beforeId) });
  return qb.getMany();
}

/** The duties of some cases, in the order team, opinion watch, consultation (by due time, then id). */
export async function dutiesOf(db: DataSource, caseIds: readonly number[]): Promise<AccidentDutyEntity[]> {
  if (!caseIds.length) return [];
  return db.getRepository(AccidentDutyEntity).find({ where: { caseId: In([...caseIds]) }, order: { dueAt: "ASC", id: "ASC" } });
}
