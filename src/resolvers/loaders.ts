import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { Principal } from "../domain/access/principal";
import { whereVisible } from "../db/petition-visibility";
import { DeadlineEntity, OrganizationEntity, PetitionEntity, PetitionerEntity, PetitionTransitionEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";

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

/** Request-scoped batch loaders: one SQL statement per relation per level of the query. */
export function createLoaders(db: DataSource, principal: Principal | null) {
  return {
    /** Petitions by id, filtered by what the caller may see (missing = invisible). */
    visiblePetition: new DataLoader<number, PetitionEntity | null>(async (ids) => {
      if (!principal) return ids.map(() => null);
      const qb = db.getRepository(PetitionEntity).createQueryBuilder("p").where("p.id IN (:...ids)", { ids: [...ids] });
      const rows = await whereVisible(qb, principal).getMany();
      const m = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    org: new DataLoader<number, OrganizationEntity | null>(async (ids) => {
      const rows = await db.getRepository(OrganizationEntity).findBy({ id: In([...ids]) });
      const m = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    petitioners: new DataLoader<number, PetitionerEntity[]>(async (ids) =>
      groupBy(ids, await db.getRepository(PetitionerEntity).find({ where: { petitionId: In([...ids]) }, order: { id: "ASC" } }), (r) => r.petitionId),
    ),
    deadlines: new DataLoader<number, DeadlineEntity[]>(async (ids) =>
      groupBy(ids, await db.getRepository(DeadlineEntity).find({ where: { petitionId: In([...ids]) }, order: { id: "ASC" } }), (r) => r.petitionId),
    ),
    history: new DataLoader<number, PetitionTransitionEntity[]>(async (ids) =>
      groupBy(ids, await db.getRepository(PetitionTransitionEntity).find({ where: { petitionId: In([...ids]) }, order: { id: "ASC" } }), (r) => r.petitionId),
    ),
    referralsByPetition: new DataLoader<number, ReferralEntity[]>(async (ids) =>
      groupBy(ids, await db.getRepository(ReferralEntity).find({ where: { petitionId: In([...ids]) }, order: { id: "ASC" } }), (r) => r.petitionId!),
    ),
    referralTimeline: new DataLoader<number, ReferralTransitionEntity[]>(async (ids) =>
      groupBy(ids, await db.getRepository(ReferralTransitionEntity).find({ where: { referralId: In([...ids]) }, order: { id: "ASC" } }), (r) => r.referralId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
