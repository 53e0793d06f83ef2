import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { seesEverything } from "../domain/access/principal";
import { BadInputError } from "../domain/errors";
import { canSeeReferral } from "../domain/referrals/referral-permissions";
import { ReferralEntity } from "../db/entities";
import { listReferrals } from "../db/referral-queries";
import { OrganizationType } from "../schema/organization.type";
import { decodeCursor, encodeCursor, PageInfo } from "../schema/petition-connection.type";
import { PetitionType } from "../schema/petition.type";
import { ReferralFilterInput } from "../schema/referral.inputs";
import { ReferralTransitionType, ReferralType } from "../schema/referral.type";
import { ObjectType } from "type-graphql";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";
import { petitionFor } from "./petition-view";

@ObjectType()
class ReferralConnection {
  @Field(() => [ReferralType]) nodes: ReferralType[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ArgsType()
class ReferralsArgs {
  @Field(() => ReferralFilterInput, { nullable: true }) filter?: ReferralFilterInput;
  @Field(() => Int, { defaultValue: 20 }) first: number;
  @Field(() => String, { nullable: true }) after?: string;
}

/** Read side of referrals: an agency sees its own; the city bureau sees all. */
@Resolver(() => ReferralType)
export class ReferralResolver {
  @Query(() => ReferralType, { nullable: true })
  async referral(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<ReferralType | null> {
    const e = await ctx.deps.db.getRepository(ReferralEntity).findOneBy({ id: parseId(id, "id") });
    return e && canSeeReferral(principalOf(ctx), e.agencyOrgId) ? ReferralType.from(e) : null;
  }

  @Query(() => ReferralConnection, { description: "Referrals visible to the caller, newest first" })
  async referrals(@Args() { filter, first, after }: ReferralsArgs, @Ctx() ctx: HubContext): Promise<ReferralConnection> {
    pageSize(first, 100);
    const afterId = after ? decodeCursor(after) : null;
    if (after && afterId === null) throw new BadInputError("invalid cursor", [{ path: "after", message: "not a cursor from this API" }]);
    const p = principalOf(ctx);
    const { rows, hasNextPage } = await listReferrals(ctx.deps.db, seesEverything(p) ? null : p.orgId, { ...filter, agencyOrgIds: filter?.agencyOrgIds?.map((x) => parseId(x, "agencyOrgIds")) }, first, afterId, new Date());
    const nodes = rows.map((r) => ReferralType.from(r));
    return { nodes, pageInfo: { hasNextPage, endCursor: rows.length ? encodeCursor(rows[rows.length - 1].id) : null } };
  }

  @FieldResolver(() => OrganizationType)
  async agency(@Root() r: ReferralType, @Ctx() ctx: HubContext) {
    const e = await ctx.loaders.org.load(r.agencyOrgId);
    return e && OrganizationType.from(e);
  }

  @FieldResolver(() => PetitionType, { nullable: true, description: "Null for a raised case not yet registered" })
  async petition(@Root() r: ReferralType, @Ctx() ctx: HubContext) {
    if (r.petitionId === null) return null;
    const e = await ctx.loaders.visiblePetition.load(r.petitionId);
    return e && petitionFor(ctx, e);
  }

  @FieldResolver(() => [ReferralTransitionType], { description: "Every recorded move, oldest first" })
  async timeline(@Root() r: ReferralType, @Ctx() ctx: HubContext) {
    const me = principalOf(ctx);
    return (await ctx.loaders.referralTimeline.load(r.numericId)).map((e) => ReferralTransitionType.from(e, seesEverything(me) ? null : me.orgId));
  }
}

/** Petition.referrals: the bureau sees all of a petition's referrals, an agency only its own. */
@Resolver(() => PetitionType)
export class PetitionReferralsResolver {
  @FieldResolver(() => [ReferralType])
  async referrals(@Root() p: PetitionType, @Ctx() ctx: HubContext): Promise<ReferralType[]> {
    const me = principalOf(ctx);
    return (await ctx.loaders.referralsByPetition.load(p.numericId)).filter((r) => canSeeReferral(me, r.agencyOrgId)).map((r) => ReferralType.from(r));
  }
}
