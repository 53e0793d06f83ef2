import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError } from "../domain/errors";
import { PetitionEntity } from "../db/entities";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { linkReason, recordLinkDecision, visiblePairForUpdate } from "./matter-decision";

/**
 * A registrar or case officer rejects a suggested link: the earlier item is not the same matter, and it is not
 * suggested for this item again. Nothing moves. One transaction; the mutation wrapper audits it.
 */
export function rejectMatterSuggestion(deps: HubDeps, ctx: CommandContext, petitionId: number, otherPetitionId: number, rawReason: string): Promise<PetitionEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.rejectMatterSuggestion");
  const reason = linkReason(rawReason);
  if (otherPetitionId === petitionId) throw new BadInputError("an item is not a suggestion for itself", [{ path: "otherPetitionId", message: "must be another item" }]);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const [item, other] = await visiblePairForUpdate(em, ctx, petitionId, otherPetitionId);
    if (other.matterId === item.matterId) throw new BadInputError("the items are on the same matter; unlink instead", [{ path: "otherPetitionId", message: "already linked" }]);
    await recordLinkDecision(em, ctx, now, { petitionId, otherPetitionId, decision: "REJECTED", fromMatterId: item.matterId, toMatterId: item.matterId, reason });
    return item;
  });
}
