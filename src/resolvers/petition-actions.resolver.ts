import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import { canSeePetition, isFormerParty } from "../domain/access/visibility";
import { NotFoundError } from "../domain/errors";
import { PetitionEntity } from "../db/entities";
import { TransitionType } from "../schema/transition.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { parseId } from "./ids";

/** What a party keeps after its reason to see a petition ended: the record of its own actions on it. */
@Resolver()
export class PetitionActionsResolver {
  @Query(() => [TransitionType], { description: "The caller's own recorded moves on a petition it handles or handled (a former party sees nothing else)" })
  async myPetitionActions(@Arg("petitionId", () => ID) petitionId: string, @Ctx() ctx: HubContext): Promise<TransitionType[]> {
    const me = principalOf(ctx);
    const id = parseId(petitionId, "petitionId");
    const petition = await ctx.deps.db.getRepository(PetitionEntity).findOne({ where: { id }, select: { id: true, accusedOrgId: true } });
    const access = petition ? await ctx.loaders.ownAccess.load(id) : [];
    const facts = { access, accusedOrgId: petition?.accusedOrgId ?? null };
    if (!petition || !(canSeePetition(me, facts) || isFormerParty(me, facts))) throw new NotFoundError("petition", id);
    return (await ctx.loaders.history.load(id)).filter((e) => e.actorOrgId === me.orgId || e.onBehalfOfOrgId === me.orgId).map((e) => TransitionType.from(e));
  }
}
