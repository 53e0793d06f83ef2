import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { linkPetitionToMatter, LinkTarget } from "../commands/link-petition-to-matter";
import { rejectMatterSuggestion } from "../commands/reject-matter-suggestion";
import { unlinkPetitionFromMatter } from "../commands/unlink-petition-from-matter";
import { NotFoundError } from "../domain/errors";
import { findMatterSuggestions, findVisibleMatterItems } from "../db/matter-queries";
import { findVisiblePetition } from "../db/petition-queries";
import { MatterItemType, MatterLinkKind, MatterSuggestionReason, MatterSuggestionType } from "../schema/matter.type";
import { PetitionType } from "../schema/petition.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { parseId } from "./ids";
import { petitionFor } from "./petition-view";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });

/** The petition behind `petitionId` if the caller may see it; otherwise NOT_FOUND (invisible and missing alike). */
async function visible(ctx: HubContext, petitionId: string) {
  const id = parseId(petitionId, "petitionId");
  const e = await findVisiblePetition(ctx.deps.db, principalOf(ctx), id);
  if (!e) throw new NotFoundError("petition", id);
  return e;
}

/** Matters (信访事项): suggestions, confirmed links, and a matter's items. Rules live in the commands and domain. */
@Resolver()
export class MatterResolver {
  @Query(() => [MatterSuggestionType], { description: "Earlier items that may be the same matter, with the reasons; only items the caller can see" })
  async matterSuggestions(@Arg("petitionId", () => ID) petitionId: string, @Ctx() ctx: HubContext): Promise<MatterSuggestionType[]> {
    const found = await findMatterSuggestions(ctx.deps.db, principalOf(ctx), await visible(ctx, petitionId));
    return Promise.all(found.map(async (s) => ({ petition: await petitionFor(ctx, s.petition), reasons: s.reasons as MatterSuggestionReason[] })));
  }

  @Query(() => [MatterItemType], { description: "The items of the petition's matter that the caller can see, oldest first" })
  async matterItems(@Arg("petitionId", () => ID) petitionId: string, @Ctx() ctx: HubContext): Promise<MatterItemType[]> {
    const item = await visible(ctx, petitionId);
    const rows = await findVisibleMatterItems(ctx.deps.db, principalOf(ctx), item.matterId);
    return Promise.all(rows.map(async (e) => ({ petition: await petitionFor(ctx, e), link: e.matterLink as MatterLinkKind })));
  }

  @Mutation(() => PetitionType, { description: "Confirm that the item belongs to another item's matter (toPetitionId) or to a matter (matterId); only confirmed links bar acceptance (Art. 36)" })
  async linkPetitionToMatter(
    @Arg("petitionId", () => ID) petitionId: string,
    @Arg("reason") reason: string,
    @Ctx() ctx: HubContext,
    @Arg("toPetitionId", () => ID, { nullable: true }) toPetitionId?: string,
    @Arg("matterId", () => ID, { nullable: true }) matterId?: string,
  ): Promise<PetitionType> {
    const target = { toPetitionId: toPetitionId ? parseId(toPetitionId, "toPetitionId") : undefined, matterId: matterId ? parseId(matterId, "matterId") : undefined } as LinkTarget;
    const e = await linkPetitionToMatter(ctx.deps, cmd(ctx), parseId(petitionId, "petitionId"), target, reason);
    return petitionFor(ctx, e, { afterChange: true });
  }

  @Mutation(() => PetitionType, { description: "Take the item off its matter: it gets a matter of its own again" })
  async unlinkPetitionFromMatter(@Arg("petitionId", () => ID) petitionId: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext): Promise<PetitionType> {
    const e = await unlinkPetitionFromMatter(ctx.deps, cmd(ctx), parseId(petitionId, "petitionId"), reason);
    return petitionFor(ctx, e, { afterChange: true });
  }

  @Mutation(() => PetitionType, { description: "Reject a suggested link: the earlier item is not the same matter and is not suggested again" })
  async rejectMatterSuggestion(@Arg("petitionId", () => ID) petitionId: string, @Arg("otherPetitionId", () => ID) otherPetitionId: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext): Promise<PetitionType> {
    const e = await rejectMatterSuggestion(ctx.deps, cmd(ctx), parseId(petitionId, "petitionId"), parseId(otherPetitionId, "otherPetitionId"), reason);
    return petitionFor(ctx, e, { afterChange: true });
  }
}
