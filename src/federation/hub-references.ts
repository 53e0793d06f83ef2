import DataLoader from "dataloader";
import { In } from "typeorm";
import { canSeeReferral } from "../domain/referrals/referral-permissions";
import { ReferralEntity } from "../db/entities";
import { principalOf } from "../resolvers/auth-checker";
import type { HubContext } from "../resolvers/context";
import { parseId } from "../resolvers/ids";
import type { Loaders } from "../resolvers/loaders";
import { OrganizationType } from "../schema/organization.type";
import { PetitionType } from "../schema/petition.type";
import { ReferralType } from "../schema/referral.type";
import type { ReferenceResolvers } from "./subgraph-schema";
import { petitionFor } from "../resolvers/petition-view";

/** What a gateway sends for an entity: the type name and the `@key` fields. */
interface KeyRepresentation {
  __typename: string;
  id: string;
}

/**
 * Referrals by id for one request. Kept beside the request's loaders (same lifetime: one request) rather than in
 * `createLoaders`, because only entity resolution needs it.
 */
const referralLoaders = new WeakMap<Loaders, DataLoader<number, ReferralEntity | null>>();
function referralLoader(ctx: HubContext): DataLoader<number, ReferralEntity | null> {
  let loader = referralLoaders.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader<number, ReferralEntity | null>(async (ids) => {
      const rows = await ctx.deps.db.getRepository(ReferralEntity).findBy({ id: In([...ids]) });
      const m = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => m.get(id) ?? null);
    });
    referralLoaders.set(ctx.loaders, loader);
  }
  return loader;
}

/**
 * `_entities` resolution for the hub's entities. The gateway calls `__resolveReference` once per representation
 * in the same tick, so the request's DataLoaders turn N representations into one SQL statement per type.
 * Authorization is exactly that of the ordinary queries: a caller is required (UNAUTHENTICATED otherwise), a
 * petition the caller may not see resolves to null (`visiblePetition` applies the visibility rule), a referral
 * resolves only for its agency or the city bureau, and organisations are reference data any caller may read.
 */
export const hubReferenceResolvers: ReferenceResolvers = {
  Petition: {
    async __resolveReference(ref: KeyRepresentation, ctx: HubContext): Promise<PetitionType | null> {
      principalOf(ctx);
      const e = await ctx.loaders.visiblePetition.load(parseId(ref.id, "representations.id"));
      return e && petitionFor(ctx, e);
    },
  },
  Organization: {
    async __resolveReference(ref: KeyRepresentation, ctx: HubContext): Promise<OrganizationType | null> {
      principalOf(ctx);
      const e = await ctx.loaders.org.load(parseId(ref.id, "representations.id"));
      return e && OrganizationType.from(e);
    },
  },
  Referral: {
    async __resolveReference(ref: KeyRepresentation, ctx: HubContext): Promise<ReferralType | null> {
      const me = principalOf(ctx);
      const e = await referralLoader(ctx).load(parseId(ref.id, "representations.id"));
      return e && canSeeReferral(me, e.agencyOrgId) ? ReferralType.from(e) : null;
    },
  },
};
