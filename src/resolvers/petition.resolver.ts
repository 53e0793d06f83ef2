import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { seesEverything } from "../domain/access/principal";
import { BadInputError } from "../domain/errors";
import { listPetitions } from "../db/petition-queries";
import { DeadlineType } from "../schema/deadline.type";
import { OrganizationType } from "../schema/organization.type";
import { decodeCursor, encodeCursor, PetitionConnection } from "../schema/petition-connection.type";
import { PetitionFilterInput } from "../schema/petition.inputs";
import { PetitionType } from "../schema/petition.type";
import { PetitionerType } from "../schema/petitioner.type";
import { TransitionType } from "../schema/transition.type";
import { principalOf } from "./auth-checker";
import { petitionFor, petitionsFor, shows } from "./petition-view";
import { clearFieldsOn, mayReadPhoneForReferral, seesWholeEntry } from "../domain/access/projection";
import { isOpenReferral } from "../domain/referrals/referral-terms";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";

@ArgsType()
class PetitionsArgs {
  @Field(() => PetitionFilterInput, { nullable: true }) filter?: PetitionFilterInput;
  @Field(() => Int, { defaultValue: 20 }) first: number;
  @Field(() => String, { nullable: true }) after?: string;
}

const org = async (ctx: HubContext, id: number | null) => {
  const e = id === null ? null : await ctx.loaders.org.load(id);
  return e && OrganizationType.from(e);
};

/** Read side of petitions: thin mapping from the visibility-filtered queries to schema types. */
@Resolver(() => PetitionType)
export class PetitionResolver {
  @Query(() => PetitionType, { nullable: true, description: "One petition, if visible to the caller" })
  async petition(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<PetitionType | null> {
    const e = await ctx.loaders.visiblePetition.load(parseId(id, "id")); // primes the caller's access rows for the view
    return e && petitionFor(ctx, e);
  }

  @Query(() => PetitionConnection, { description: "Petitions visible to the caller, newest first" })
  async petitions(@Args() { filter, first, after }: PetitionsArgs, @Ctx() ctx: HubContext): Promise<PetitionConnection> {
    pageSize(first, 100);
    const afterId = after ? decodeCursor(after) : null;
    if (after && afterId === null) throw new BadInputError("invalid cursor", [{ path: "after", message: "not a cursor from this API" }]);
    const ids = (xs: string[] | undefined, name: string) => xs?.map((x) => parseId(x, name));
    const list = await listPetitions(
      ctx.deps.db,
      principalOf(ctx),
      { ...filter, localityOrgIds: ids(filter?.localityOrgIds, "localityOrgIds"), handlerOrgIds: ids(filter?.handlerOrgIds, "handlerOrgIds") },
      first,
      afterId,
      new Date(),
    );
    const nodes = await petitionsFor(ctx, list);
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node.numericId), node }));
    return { nodes, edges, pageInfo: { hasNextPage: list.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: "Where the problem is located" })
  problemLocality(@Root() p: PetitionType, @Ctx() ctx: HubContext) {
    return shows(p, "problemLocality") ? org(ctx, p.localityOrgId) : null;
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: "The unit currently responsible" })
  currentHandler(@Root() p: PetitionType, @Ctx() ctx: HubContext) {
    return shows(p, "currentHandler") ? org(ctx, p.handlerOrgId) : null;
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: "First receiving unit (首接首办)" })
  registeringUnit(@Root() p: PetitionType, @Ctx() ctx: HubContext) {
    return shows(p, "registeringUnit") ? org(ctx, p.registeringOrgId) : null;
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: "Accused unit; shown to the city bureau only" })
  accusedUnit(@Root() p: PetitionType, @Ctx() ctx: HubContext) {
    return seesEverything(principalOf(ctx)) ? org(ctx, p.accusedOrgId) : null;
  }

  @FieldResolver(() => [PetitionerType], { description: "Personal fields masked unless the role needs them; clear reads are audited" })
  async petitioners(@Root() p: PetitionType, @Ctx() ctx: HubContext): Promise<PetitionerType[]> {
    if (!shows(p, "petitioners")) return [];
    const me = principalOf(ctx);
    const hasOpenReferral = mayReadPhoneForReferral(me) && (await ctx.loaders.referralsByPetition.load(p.numericId)).some((r) => r.agencyOrgId === me.orgId && isOpenReferral(r.state));
    const clear = clearFieldsOn(me, { hasOpenReferral });
    return (await ctx.loaders.petitioners.load(p.numericId)).map((e) => PetitionerType.from(e, clear));
  }

  @FieldResolver(() => [DeadlineType], { description: "Statutory clocks; a partner sees its referral's due dates on the referral instead" })
  async deadlines(@Root() p: PetitionType, @Ctx() ctx: HubContext, @Arg("openOnly", { defaultValue: false }) openOnly: boolean): Promise<DeadlineType[]> {
    if (!shows(p, "deadlines")) return [];
    const rows = await (openOnly ? ctx.loaders.openDeadlines : ctx.loaders.deadlines).load(p.numericId);
    const now = new Date();
    return rows.map((d) => DeadlineType.from(d, ctx.deps.calc, now));
  }

  @FieldResolver(() => [TransitionType], { description: "Every recorded move, oldest first; in a partner's projection other units' entries carry event, time and organisation only" })
  async history(@Root() p: PetitionType, @Ctx() ctx: HubContext): Promise<TransitionType[]> {
    if (!shows(p, "history")) return [];
    const me = principalOf(ctx);
    return (await ctx.loaders.history.load(p.numericId)).map((e) => TransitionType.from(e, !seesWholeEntry(me, p.view, e)));
  }
}
