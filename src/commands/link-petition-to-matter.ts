import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError, NotFoundError } from "../domain/errors";
import { EntityManager, In, Not } from "typeorm";
import { canSeePetition } from "../domain/access/visibility";
import { PetitionAccessEntity, PetitionEntity } from "../db/entities";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { linkReason, recordLinkDecision, visiblePairForUpdate, visiblePetitionForUpdate } from "./matter-decision";
import { raiseRepeatVisitAlerts } from "./raise-repeat-visit-alerts";
import { endMatterOwnerAccess, grantMatterOwnerAccess } from "./matter-owner-access";
import { MatterEntity } from "../db/entities";

import { reassessFastTrackOnMatter } from "./open-city-visit-fast-track";

/** Where to link: an earlier item (its matter) or a matter by id; exactly one. */
export type LinkTarget = { toPetitionId: number; matterId?: undefined } | { matterId: number; toPetitionId?: undefined };

/**
 * A registrar or case officer confirms that an item belongs to another item's matter (a suggestion accepted, or a
 * link made later). Both must be visible to the caller. Only such a confirmed link lets Art. 36 bar acceptance.
 * Confirming an item already on that matter by the old automatic join makes it CONFIRMED; one already confirmed
 * there is left as it is. One transaction; the mutation wrapper audits it.
 */
export function linkPetitionToMatter(deps: HubDeps, ctx: CommandContext, petitionId: number, target: LinkTarget, rawReason: string): Promise<PetitionEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.linkPetitionToMatter");
  const reason = linkReason(rawReason);
  if ((target.toPetitionId === undefined) === (target.matterId === undefined)) throw new BadInputError("give either toPetitionId or matterId", [{ path: "toPetitionId", message: "exactly one of toPetitionId, matterId" }]);
  if (target.toPetitionId === petitionId) throw new BadInputError("an item cannot be linked to itself", [{ path: "toPetitionId", message: "must be another item" }]);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    let item: PetitionEntity;
    let toMatterId: number;
    if (target.toPetitionId !== undefined) {
      const [mine, other] = await visiblePairForUpdate(em, ctx, petitionId, target.toPetitionId);
      item = mine;
      toMatterId = other.matterId;
    } else {
      item = await visiblePetitionForUpdate(em, ctx, petitionId);
      // A matter is reachable only through an item of it the caller may see.
      if (!(await seesAnyItemOf(em, ctx, target.matterId, petitionId))) throw new NotFoundError("matter", target.matterId);
      toMatterId = target.matterId;
    }
    if (item.matterId === toMatterId && item.matterLink !== "UNCONFIRMED") return item;
    const previousMatterId = item.matterId;
    await recordLinkDecision(em, ctx, now, { petitionId, otherPetitionId: target.toPetitionId ?? null, decision: "LINKED", fromMatterId: item.matterId, toMatterId, reason });
    await em.update(PetitionEntity, { id: petitionId }, { matterId: toMatterId, matterLink: "CONFIRMED", updatedAt: now });
    Object.assign(item, { matterId: toMatterId, matterLink: "CONFIRMED", updatedAt: now });
    // 首接首办: the matter's owner sees the item it now owns; the old matter's owner no longer does through ownership.
    const [from, to] = await Promise.all([em.findOneBy(MatterEntity, { id: previousMatterId }), em.findOneBy(MatterEntity, { id: toMatterId })]);
    if (from?.firstReceivingOrgId && from.firstReceivingOrgId !== to?.firstReceivingOrgId) await endMatterOwnerAccess(em, from.firstReceivingOrgId, [petitionId]);
    if (to?.firstReceivingOrgId) await grantMatterOwnerAccess(em, to.firstReceivingOrgId, [petitionId]);
    // 最多访一次: a second in-person visit on the matter alerts its first receiving unit and that unit's supervisor.
    await raiseRepeatVisitAlerts(em, deps, toMatterId, { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    await reassessFastTrackOnMatter(em, toMatterId, now, ctx.principal.subject); // issue 9 item 3: level skipping, Art. 19
    return item;
  });
}

/** Whether the caller may see at least one item of the matter other than `except`. */
async function seesAnyItemOf(em: EntityManager, ctx: CommandContext, matterId: number, except: number): Promise<boolean> {
  const items = await em.find(PetitionEntity, { where: { matterId, id: Not(except) }, select: { id: true, accusedOrgId: true } });
  const access = items.length ? await em.findBy(PetitionAccessEntity, { petitionId: In(items.map((i) => i.id)) }) : [];
  return items.some((i) => canSeePetition(ctx.principal, { access: access.filter((a) => a.petitionId === i.id), accusedOrgId: i.accusedOrgId }));
}
