import DataLoader from "dataloader";
import { In } from "typeorm";
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { decideMatterReassignment } from "../commands/decide-matter-reassignment";
import { requestMatterReassignment } from "../commands/request-matter-reassignment";
import { isPetitionDepartment } from "../domain/access/principal";
import { BadInputError, NotFoundError } from "../domain/errors";
import { oneVisitRate } from "../domain/visit-once/one-visit-rate";
import { MatterEntity, OrganizationEntity } from "../db/entities";
import { findVisiblePetition } from "../db/petition-queries";
import { loadFirstItems, reassignmentsOf } from "../db/visit-once-queries";
import { OrganizationType } from "../schema/organization.type";
import { MatterReassignmentType, MatterType, OneVisitRateType } from "../schema/visit-once.type";
import { PetitionType } from "../schema/petition.type";
import { principalOf } from "./auth-checker";
import { shows } from "./petition-view";
import type { HubContext } from "./context";
import { parseId } from "./ids";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });
/** The longest period the indicator is computed over in one query. */
const MAX_RATE_DAYS = 366;

/** 最多访一次 / 首接首办: the matter's owner, its reassignment, and the one-visit indicator. Rules live in commands and src/domain/visit-once. */
@Resolver()
export class VisitOnceResolver {
  @Query(() => MatterType, { description: "The matter of an item the caller can see, with its first receiving unit (NOT_FOUND otherwise)" })
  async matter(@Arg("petitionId", () => ID) petitionId: string, @Ctx() ctx: HubContext): Promise<MatterType> {
    const id = parseId(petitionId, "petitionId");
    const p = principalOf(ctx);
    const item = await findVisiblePetition(ctx.deps.db, p, id);
    if (!item) throw new NotFoundError("petition", id);
    const m = await ctx.deps.db.getRepository(MatterEntity).findOneByOrFail({ id: item.matterId });
    const org = m.firstReceivingOrgId === null ? null : await ctx.deps.db.getRepository(OrganizationEntity).findOneBy({ id: m.firstReceivingOrgId });
    // Reasons name internal matters between petition departments: others see the owner only.
    const reassignments = isPetitionDepartment(p) ? (await reassignmentsOf(ctx.deps.db, m.id)).map(MatterReassignmentType.from) : [];
    return { id: String(m.id), firstReceivingUnit: org && OrganizationType.from(org), reassignments };
  }

  @Query(() => OneVisitRateType, { description: "一次性化解率 over first items received in [from, to) (at most 366 days), optionally of one locality" })
  async oneVisitRate(@Arg("from") from: Date, @Arg("to") to: Date, @Ctx() ctx: HubContext, @Arg("localityOrgId", () => ID, { nullable: true }) localityOrgId?: string | null): Promise<OneVisitRateType> {
    if (!(from < to) || to.getTime() - from.getTime() > MAX_RATE_DAYS * 86_400_000) throw new BadInputError("from must be before to, at most 366 days apart", [{ path: "to", message: "after from, within 366 days" }]);
    const locality = localityOrgId ? parseId(localityOrgId, "localityOrgId") : null;
    const r = oneVisitRate(await loadFirstItems(ctx.deps.db, principalOf(ctx), { from, to, localityOrgId: locality }));
    return { ...r, from, to, localityOrgId: locality === null ? null : String(locality) };
  }

  @Mutation(() => MatterReassignmentType, { description: "Ask a higher level to move the item's matter to another first receiving unit, with a reason; nothing moves until approved" })
  async requestMatterReassignment(@Arg("petitionId", () => ID) petitionId: string, @Arg("toOrgId", () => ID) toOrgId: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext): Promise<MatterReassignmentType> {
    return MatterReassignmentType.from(await requestMatterReassignment(ctx.deps, cmd(ctx), parseId(petitionId, "petitionId"), parseId(toOrgId, "toOrgId"), reason));
  }

  @Mutation(() => MatterReassignmentType, { description: "Approve a pending reassignment (the owner's supervisor or the city bureau, not the requester): the matter's first receiving unit moves" })
  async approveMatterReassignment(@Arg("id", () => ID) id: string, @Arg("note") note: string, @Ctx() ctx: HubContext): Promise<MatterReassignmentType> {
    return MatterReassignmentType.from(await decideMatterReassignment(ctx.deps, cmd(ctx), parseId(id, "id"), true, note));
  }

  @Mutation(() => MatterReassignmentType, { description: "Refuse a pending reassignment (the owner's supervisor or the city bureau, not the requester)" })
  async refuseMatterReassignment(@Arg("id", () => ID) id: string, @Arg("note") note: string, @Ctx() ctx: HubContext): Promise<MatterReassignmentType> {
    return MatterReassignmentType.from(await decideMatterReassignment(ctx.deps, cmd(ctx), parseId(id, "id"), false, note));
  }
}

/** Matters' owners by matter id, one statement per request and level (a list of petitions asks once). */
const ownerLoaders = new WeakMap<HubContext, DataLoader<number, number | null>>();
function ownerLoader(ctx: HubContext): DataLoader<number, number | null> {
  let l = ownerLoaders.get(ctx);
  if (!l) {
    l = new DataLoader(async (ids) => {
      const rows = await ctx.deps.db.getRepository(MatterEntity).find({ where: { id: In([...ids]) }, select: { id: true, firstReceivingOrgId: true } });
      return ids.map((id) => rows.find((r) => r.id === id)?.firstReceivingOrgId ?? null);
    });
    ownerLoaders.set(ctx, l);
  }
  return l;
}

/** The item's side of 首接首办: its matter's owner beside its own registering unit. */
@Resolver(() => PetitionType)
export class PetitionMatterOwnerResolver {
  @FieldResolver(() => OrganizationType, { nullable: true, description: "The first receiving unit that owns this item's matter to the end (首接首办); shown where registeringUnit is" })
  async matterFirstReceivingUnit(@Root() p: PetitionType, @Ctx() ctx: HubContext): Promise<OrganizationType | null> {
    if (!shows(p, "registeringUnit") || p.matterId === null) return null;
    const owner = await ownerLoader(ctx).load(Number(p.matterId));
    const e = owner === null ? null : await ctx.loaders.org.load(owner);
    return e && OrganizationType.from(e);
  }
}
