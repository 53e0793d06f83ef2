import { EntityManager, In } from "typeorm";
import { PetitionAccessEntity, PetitionEntity } from "../db/entities";
import { endAccess, grantAccessRows } from "../db/petition-access";

/**
 * 首接首办: the first receiving unit owns its matter to the end, so it sees every item of it, including items other
 * units registered and linked later (reason MATTER_OWNER). The accused unit still sees no accusation: visibility
 * excludes the accused whatever its access rows say.
 */
export async function grantMatterOwnerAccess(em: EntityManager, ownerOrgId: number, petitionIds: readonly number[]): Promise<void> {
  await grantAccessRows(em, petitionIds.map((petitionId) => ({ petitionId, orgId: ownerOrgId, reason: "MATTER_OWNER" })));
}

/** Every item of a matter, for a new owner. */
export async function matterItemIds(em: EntityManager, matterId: number): Promise<number[]> {
  return (await em.find(PetitionEntity, { where: { matterId }, select: { id: true } })).map((p) => p.id);
}

/** Ends a former owner's MATTER_OWNER access to these items (kept as FORMER, like any ended reason); its other reasons stay. */
export async function endMatterOwnerAccess(em: EntityManager, orgId: number, petitionIds: readonly number[]): Promise<void> {
  if (!petitionIds.length) return;
  const held = await em.find(PetitionAccessEntity, { where: { orgId, reason: "MATTER_OWNER", petitionId: In([...petitionIds]) }, select: { petitionId: true } });
  for (const h of held) await endAccess(em, h.petitionId, orgId, "MATTER_OWNER");
}
