import { Args, ArgsType, Ctx, Field, Int, Query, Resolver } from "type-graphql";
import { noteAuditDetails } from "../commands/audit-scope";
import { seesEverything } from "../domain/access/principal";
import { BadInputError, ForbiddenError } from "../domain/errors";
import { auditTrailPage } from "../db/audit-log";
import { AuditEntryType, AuditTrailConnection, AuditTrailFilterInput, decodeAuditCursor, encodeAuditCursor } from "../schema/audit.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";
import { ACTOR_LENGTH } from "../domain/limits";

@ArgsType()
class AuditTrailArgs {
  @Field(() => AuditTrailFilterInput, { nullable: true }) filter?: AuditTrailFilterInput;
  @Field(() => Int, { defaultValue: 50 }) first: number;
  @Field(() => String, { nullable: true }) after?: string;
}

/** The audit trail for the city bureau's auditors. Each call is itself audited (src/resolvers/audit-mutations.ts). */
@Resolver()
export class AuditResolver {
  @Query(() => AuditTrailConnection, { description: "The hash-chained audit log in chain order; city-bureau AUDITOR only" })
  async auditTrail(@Args() { filter, first, after }: AuditTrailArgs, @Ctx() ctx: HubContext): Promise<AuditTrailConnection> {
    if (!seesEverything(principalOf(ctx))) throw new ForbiddenError("the audit trail is for the city bureau's auditors");
    pageSize(first, 500);
    const afterSeq = after ? decodeAuditCursor(after) : null;
    if (after && afterSeq === null) throw new BadInputError("invalid cursor", [{ path: "after", message: "not a cursor from this API" }]);
    if (filter?.actor !== undefined && filter.actor.length > ACTOR_LENGTH) throw new BadInputError("actor is too long", [{ path: "filter.actor", message: `at most ${ACTOR_LENGTH} characters` }]);
    const f = {
      petitionId: filter?.petitionId ? parseId(filter.petitionId, "filter.petitionId") : undefined,
      orgId: filter?.orgId ? parseId(filter.orgId, "filter.orgId") : undefined,
      actor: filter?.actor ?? undefined,
      from: filter?.from ?? undefined,
      to: filter?.to ?? undefined,
    };
    const { rows, hasNext } = await auditTrailPage(ctx.deps.db, f, first, afterSeq);
    noteAuditDetails({ returned: rows.length, ...(f.actor ? { actor: f.actor } : {}), ...(f.from ? { from: f.from.toISOString() } : {}), ...(f.to ? { to: f.to.toISOString() } : {}) });
    const nodes = rows.map(AuditEntryType.from);
    const edges = rows.map((r, i) => ({ cursor: encodeAuditCursor(r.seq), node: nodes[i] }));
    return { nodes, edges, pageInfo: { hasNextPage: hasNext, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
