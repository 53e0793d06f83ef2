import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError } from "../domain/errors";
import { MatterEntity, PetitionEntity, PetitionerEntity } from "../db/entities";
import { openValue } from "../db/petitioner-pii";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { factsFingerprint } from "./matter-fingerprint";
import { linkReason, recordLinkDecision, visiblePetitionForUpdate } from "./matter-decision";
import { endMatterOwnerAccess } from "./matter-owner-access";

/**
 * A registrar or case officer takes an item off its matter (a link found wrong): the item gets a matter of its own
 * again, and nothing on the old matter bars it any more. The other items stay where they are. One transaction;
 * the mutation wrapper audits it.
 */
export function unlinkPetitionFromMatter(deps: HubDeps, ctx: CommandContext, petitionId: number, rawReason: string): Promise<PetitionEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.unlinkPetitionFromMatter");
  const reason = linkReason(rawReason);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const item = await visiblePetitionForUpdate(em, ctx, petitionId);
    const together = await em.countBy(PetitionEntity, { matterId: item.matterId });
    if (together < 2) throw new BadInputError("the item is the only one on its matter", [{ path: "petitionId", message: "not linked to any other item" }]);
    const people = await em.find(PetitionerEntity, { where: { petitionId }, order: { id: "ASC" } });
    const fingerprint = factsFingerprint(deps.pii, { ...item, petitioners: people.map((x) => ({ name: x.name, idNumber: openValue(deps.pii, "idNumber", x.idNumberCipher) })) });
    // The item's own matter again: its registering unit is that matter's first receiving unit (首接首办).
    const own = await em.save(em.create(MatterEntity, { factsFingerprint: fingerprint, firstReceivingOrgId: item.registeringOrgId, terminatedAt: null, createdAt: now }));
    await recordLinkDecision(em, ctx, now, { petitionId, otherPetitionId: null, decision: "UNLINKED", fromMatterId: item.matterId, toMatterId: own.id, reason });
    await em.update(PetitionEntity, { id: petitionId }, { matterId: own.id, matterLink: "OWN", updatedAt: now });
    // The old matter's owner saw the item through ownership only while it was on its matter (首接首办).
    const old = await em.findOneBy(MatterEntity, { id: item.matterId });
    if (old?.firstReceivingOrgId && old.firstReceivingOrgId !== item.registeringOrgId) await endMatterOwnerAccess(em, old.firstReceivingOrgId, [petitionId]);
    Object.assign(item, { matterId: own.id, matterLink: "OWN", updatedAt: now });
    return item;
  });
}
