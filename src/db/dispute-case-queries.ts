import { DataSource, In, LessThan } from "typeorm";
import type { Principal } from "../domain/access/principal";
import { DisputeCaseState } from "../domain/early-warning/dispute-case-terms";
import { canSeeLedgerEntry } from "../domain/early-warning/ledger-visibility";
import { DisputeCaseEntity } from "./entities";
import { localitiesSeenBy, orgPath } from "./org-tree";

/** One dispute case if the principal may see it (null for invisible and missing alike). */
export async function findVisibleDisputeCase(db: DataSource, p: Principal, id: number): Promise<DisputeCaseEntity | null> {
  const c = await db.getRepository(DisputeCaseEntity).findOneBy({ id });
  return c && canSeeLedgerEntry(p, await orgPath(db, c.localityOrgId)) ? c : null;
}

/** Visible dispute cases, newest first, optionally of one state, after the cursor id. */
export async function listDisputeCases(db: DataSource, p: Principal, state: DisputeCaseState | undefined, first: number, beforeId: number | null): Promise<DisputeCaseEntity[]> {
  const localities = await localitiesSeenBy(db, p, canSeeLedgerEntry);
  if (localities !== "ALL" && localities.length === 0) return [];
  const qb = db.getRepository(DisputeCaseEntity).createQueryBuilder("c").orderBy("c.id", "DESC").take(first);
  if (localities !== "ALL") qb.andWhere({ localityOrgId: In(localities) });
  if (state) qb.andWhere({ state });
  if (beforeId !== null) qb.andWhere({ id: LessThan(beforeId) });
  return qb.getMany();
}

/** An entry's dispute cases, oldest first (the entry itself was checked by the caller). */
export function disputeCasesOf(db: DataSource, entryId: number): Promise<DisputeCaseEntity[]> {
  return db.getRepository(DisputeCaseEntity).find({ where: { entryId }, order: { id: "ASC" } });
}
