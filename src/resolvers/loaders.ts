import DataLoader from "dataloader";
import { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { Principal } from "../domain/access/principal";
import { findVisiblePetitions } from "../db/petition-queries";
import { RowReader } from "../db/row-reader";
import { DeadlineEntity, OrganizationEntity, PetitionAccessEntity, PetitionEntity, PetitionerEntity, PetitionTransitionEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";

/** Groups rows by a key, keeping the requested key order (DataLoader's contract). */
function groupBy<T>(keys: readonly number[], rows: T[], key: (r: T) => number): T[][] {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return keys.map((k) => m.get(k) ?? []);
}

const byId = <T extends { id: number }>(keys: readonly number[], rows: T[]) => {
  const m = new Map(rows.map((r) => [r.id, r]));
  return keys.map((k) => m.get(k) ?? null);
};

const readerCache = new WeakMap<DataSource, Map<unknown, RowReader<ObjectLiteral>>>();
/** One RowReader per entity per data source (built from metadata once). */
function reader<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>): RowReader<T> {
  let m = readerCache.get(db);
  if (!m) readerCache.set(db, (m = new Map()));
  if (!m.has(entity)) m.set(entity, new RowReader(db, entity));
  return m.get(entity) as RowReader<T>;
}

/** Children of many parents in one statement, grouped per parent. */
function children<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, column: string & keyof T, orderBy = "id") {
  return new DataLoader<number, T[]>(async (ids) => groupBy(ids, await reader(db, entity).byIds(column, ids, orderBy), (r) => r[column] as number));
}

/** Request-scoped batch loaders: one SQL statement per relation per level of the query. */
export function createLoaders(db: DataSource, principal: Principal | null) {
  return {
    /** Petitions by id, filtered by what the caller may see (missing = invisible). */
    visiblePetition: new DataLoader<number, PetitionEntity | null>(async (ids) => (principal ? byId(ids, await findVisiblePetitions(db, principal, ids)) : ids.map(() => null))),
    org: new DataLoader<number, OrganizationEntity | null>(async (ids) => byId(ids, await reader(db, OrganizationEntity).byIds("id", ids))),
    referral: new DataLoader<number, ReferralEntity | null>(async (ids) => byId(ids, await reader(db, ReferralEntity).byIds("id", ids))),
    petitioners: children(db, PetitionerEntity, "petitionId"),
    access: children(db, PetitionAccessEntity, "petitionId", "orgId"),
    deadlines: children(db, DeadlineEntity, "petitionId"),
    history: children(db, PetitionTransitionEntity, "petitionId"),
    referralsByPetition: children(db, ReferralEntity, "petitionId"),
    referralTimeline: children(db, ReferralTransitionEntity, "referralId"),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
