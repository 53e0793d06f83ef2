import { EntityManager } from "typeorm";
import { insertRows } from "./insert-rows";
import { AccessReason, PetitionAccessEntity } from "./entities/petition-access.entity";

/** Grants access reasons (idempotent), inside the caller's transaction. */
export async function grantAccess(em: EntityManager, petitionId: number, grants: readonly { orgId: number; reason: AccessReason }[]): Promise<void> {
  await grantAccessRows(em, grants.map((g) => ({ petitionId, ...g })));
}

/** Grants access reasons on any petitions in one statement (idempotent; repeats in `rows` are written once). */
export async function grantAccessRows(em: EntityManager, rows: readonly { petitionId: number; orgId: number; reason: AccessReason }[]): Promise<void> {
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const key = `${r.petitionId}:${r.orgId}:${r.reason}`;
    return !seen.has(key) && !!seen.add(key);
  });
  if (!unique.length) return;
  await insertRows(em, PetitionAccessEntity, unique, { ignoreDuplicates: true });
}

/**
 * Ends one access reason: the row goes, and the organisation is remembered as a FORMER party (its own actions stay
 * readable to it). Other reasons the organisation has (e.g. it is also the locality) are untouched.
 */
export async function endAccess(em: EntityManager, petitionId: number, orgId: number, reason: Exclude<AccessReason, "FORMER">): Promise<void> {
  await em.delete(PetitionAccessEntity, { petitionId, orgId, reason });
  await grantAccess(em, petitionId, [{ orgId, reason: "FORMER" }]);
}
