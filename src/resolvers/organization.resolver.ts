import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { setLevelAbove } from "../commands/set-level-above";
import { OrgKind } from "../domain/petition-terms";
import { OrganizationEntity } from "../db/entities";
import { OrganizationType } from "../schema/organization.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { parseId } from "./ids";

/** Organisations are reference data every principal may read. */
@Resolver(() => OrganizationType)
export class OrganizationResolver {
  @Query(() => [OrganizationType])
  async organizations(@Ctx() ctx: HubContext, @Arg("kind", () => OrgKind, { nullable: true }) kind?: OrgKind): Promise<OrganizationType[]> {
    const rows = await ctx.deps.db.getRepository(OrganizationEntity).find({ where: kind ? { kind } : {}, order: { id: "ASC" } });
    return rows.map(OrganizationType.from);
  }

  @Query(() => OrganizationType, { nullable: true })
  async organization(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<OrganizationType | null> {
    const e = await ctx.loaders.org.load(parseId(id, "id"));
    return e && OrganizationType.from(e);
  }

  @Query(() => OrganizationType, { description: "The caller's organisation" })
  async me(@Ctx() ctx: HubContext): Promise<OrganizationType | null> {
    const e = await ctx.loaders.org.load(principalOf(ctx).orgId);
    return e && OrganizationType.from(e);
  }

  @Mutation(() => OrganizationType, { description: "Configure the organ one level above (reviews, escalation); city bureau operators only" })
  async setOrganizationLevelAbove(@Arg("id", () => ID) id: string, @Arg("levelAboveId", () => ID) levelAboveId: string, @Ctx() ctx: HubContext): Promise<OrganizationType> {
    const e = await setLevelAbove(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, parseId(id, "id"), parseId(levelAboveId, "levelAboveId"));
    return OrganizationType.from(e);
  }

  @FieldResolver(() => OrganizationType, { nullable: true })
  async parent(@Root() o: OrganizationType, @Ctx() ctx: HubContext) {
    const e = o.parentId === null ? null : await ctx.loaders.org.load(o.parentId);
    return e && OrganizationType.from(e);
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: "Reviews and escalation go here" })
  async levelAbove(@Root() o: OrganizationType, @Ctx() ctx: HubContext) {
    const e = o.levelAboveId === null ? null : await ctx.loaders.org.load(o.levelAboveId);
    return e && OrganizationType.from(e);
  }
}
