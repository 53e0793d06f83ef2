import { randomBytes } from "node:crypto";
import { PetitionEntity } from "../db/entities";
import { assertOperationAllowed } from "../domain/access/policy";
import { QUERY_CODE_FIELD, queryCodeFrom } from "../domain/citizen/query-code";
import { CommandContext, HubDeps, inTransaction } from "./command-context";
import { visiblePetitionForUpdate } from "./matter-decision";

/**
 * Issues a new query code for a petition and voids the old one (a lost receipt, or an item registered from a raised
 * referral, whose code nobody was shown). A petition department that can see the item does it; the code is returned
 * once, like at registration, and the mutation wrapper audits who did it (never the code).
 */
export function reissueQueryCode(deps: HubDeps, ctx: CommandContext, petitionId: number): Promise<{ petition: PetitionEntity; queryCode: string }> {
  assertOperationAllowed(ctx.principal, "Mutation.reissueQueryCode");
  return inTransaction(deps, async (em) => {
    const petition = await visiblePetitionForUpdate(em, ctx, petitionId);
    const queryCode = queryCodeFrom(randomBytes(16));
    petition.queryCodeDigest = deps.pii.keyedDigest([QUERY_CODE_FIELD, queryCode]);
    await em.update(PetitionEntity, petition.id, { queryCodeDigest: petition.queryCodeDigest });
    return { petition, queryCode };
  });
}
