import DataLoader from "dataloader";
import { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { Principal } from "../domain/access/principal";
import { readsPersonalDataInClear } from "../domain/access/projection";
import { findVisiblePetitions } from "../db/petition-queries";
import { MASKED_PETITIONER_COLUMNS, PetitionerRow } from "../db/petitioner-pii";
import { DEADLINE_COLUMNS } from "../schema/deadline.type";
import { RowReader } from "../db/row-reader";
import { DeadlineEntity, DocumentEntity, OrganizationEntity, PetitionAccessEntity, PetitionEntity, PetitionerEntity, PetitionTransitionEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";

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

const subsets = new WeakMap<DataSource, Map<readonly string[], RowReader<ObjectLiteral>>>();
/** One reader of some columns per column list per data source (see RowReader.subset). */
function subsetReader<E extends ObjectLiteral, K extends keyof E & string>(db: DataSource, entity: EntityTarget<E>, only: readonly K[]): RowReader<Pick<E, K>> {
  let m = subsets.get(db);
  if (!m) subsets.set(db, (m = new Map()));
  let r = m.get(only);
  if (!r) m.set(only, (r = RowReader.subset(db, entity, only)));
  return r as RowReader<Pick<E, K>>;
}

/** Children of many parents in one statement, grouped per parent (`and`: a fixed further condition, see byIds). */
function children<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, column: string & keyof T, orderBy = "id", rows: RowReader<T> = reader(db, entity), and?: string) {
  return new DataLoader<number, T[]>(async (ids) => groupBy(ids, await rows.byIds(column, ids, orderBy, and), (r) => r[column] as number));
}

/** The principal's own access rows of many petitions, grouped per petition (the only ones the access rules read). */
function ownAccess(db: DataSource, principal: Principal | null) {
  return new DataLoader<number, PetitionAccessEntity[]>(async (ids) => {
    if (!principal) return ids.map(() => []);
    const rows = await reader(db, PetitionAccessEntity).select("t", `WHERE t.\`petitionId\` IN (${ids.map(() => "?").join(",")}) AND t.\`orgId\` = ? ORDER BY t.\`reason\``, [...ids, principal.orgId]);
    return groupBy(ids, rows, (r) => r.petitionId);
  });
}

/** Request-scoped batch loaders: one SQL statement per relation per level of the query. */
export function createLoaders(db: DataSource, principal: Principal | null) {
  const own = ownAccess(db, principal);
  return {
    /** Petitions by id, filtered by what the caller may see (missing = invisible); their own access rows come along. */
    visiblePetition: new DataLoader<number, PetitionEntity | null>(async (ids) => {
      if (!principal) return ids.map(() => null);
      const found = await findVisiblePetitions(db, principal, ids);
      found.ownAccess?.forEach((grants, i) => own.prime(found.rows[i].id, grants));
      return byId(ids, found.rows);
    }),
    org: new DataLoader<number, OrganizationEntity | null>(async (ids) => byId(ids, await reader(db, OrganizationEntity).byIds("id", ids))),
    referral: new DataLoader<number, ReferralEntity | null>(async (ids) => byId(ids, await reader(db, ReferralEntity).byIds("id", ids))),
    /**
     * Petitioners per petition. A caller whose role never reads personal data in clear gets rows without the
     * ciphertexts (and the rest only clear reads use): nothing it cannot be shown is fetched or parsed.
     */
    petitioners: principal && readsPersonalDataInClear(principal) ? children<PetitionerRow>(db, PetitionerEntity, "petitionId") : children(db, PetitionerEntity, "petitionId", "id", subsetReader(db, PetitionerEntity, MASKED_PETITIONER_COLUMNS)),
    /**
     * The CALLER's access rows per petition (every access rule looks only at the caller's own grants: visibility,
     * former party, projection); list and by-id reads prime it from their own statement.
     */
    ownAccess: own,
    deadlines: children(db, DeadlineEntity, "petitionId", "id", subsetReader(db, DeadlineEntity, DEADLINE_COLUMNS)),
    /** Open clocks only (`deadlines(openOnly: true)`): closed ones are not read. A document asking both reads both. */
    openDeadlines: children(db, DeadlineEntity, "petitionId", "id", subsetReader(db, DeadlineEntity, DEADLINE_COLUMNS), "t.`closedAt` IS NULL"),
    history: children(db, PetitionTransitionEntity, "petitionId"),
    referralsByPetition: children(db, ReferralEntity, "petitionId"),
    referralTimeline: children(db, ReferralTransitionEntity, "referralId"),
    /** Petition.documents (metadata rows; the resolver applies the documents rule). */
    documentsByPetition: children(db, DocumentEntity, "petitionId"),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
