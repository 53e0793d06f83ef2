import { Arg, Ctx, Int, Mutation, Query, Resolver } from "type-graphql";
import { noteAudit, noteAuditDetails } from "../commands/audit-scope";
import { BadInputError, NotFoundError } from "../domain/errors";
import { listDeadLetters, listDeadOutboxRows, replayDeadLetters } from "../queues/dead-letters";
import { DeadLetterType } from "../schema/dead-letter.type";
import { requireQueues } from "./queue-access";
import type { HubContext } from "./context";

function window(from: Date, to: Date): void {
  if (!(from instanceof Date) || !(to instanceof Date) || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new BadInputError("from and to must be instants");
  if (from.getTime() >= to.getTime()) throw new BadInputError("from must be before to");
}

/** The dead-letter list of the partner contract: deliveries that ended for good, by the time they failed. */
@Resolver()
export class DeadLetterResolver {
  @Query(() => [DeadLetterType], { description: "Deliveries that became dead letters in [from, to), oldest first (city-bureau operators)" })
  async deadLetters(@Arg("from", () => Date) from: Date, @Arg("to", () => Date) to: Date, @Arg("agencyCode", () => String, { nullable: true }) agencyCode: string | null, @Ctx() ctx: HubContext): Promise<DeadLetterType[]> {
    const ops = requireQueues(ctx);
    window(from, to);
    if (agencyCode && !ops.agencyCodes.includes(agencyCode)) throw new NotFoundError("agency", agencyCode);
    const delivered = await listDeadLetters(ops.queues, agencyCode ? [agencyCode] : ops.agencyCodes, from, to);
    // Outbox rows that could not be relayed at all sit in the database, not in any queue (outbox-relay.ts).
    const unroutable = await listDeadOutboxRows(ctx.deps.db, from, to, agencyCode);
    return [...delivered, ...unroutable].sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
  }

  @Mutation(() => Int, { description: "Re-deliver an agency's dead letters of [from, to) on a fresh retry schedule; audited; returns how many" })
  async replayDeadLetters(@Arg("agencyCode") agencyCode: string, @Arg("from", () => Date) from: Date, @Arg("to", () => Date) to: Date, @Ctx() ctx: HubContext): Promise<number> {
    const ops = requireQueues(ctx);
    window(from, to);
    if (!ops.agencyCodes.includes(agencyCode)) throw new NotFoundError("agency", agencyCode);
    const replayed = await replayDeadLetters(ops.queues, agencyCode, from, to);
    // The audit wrapper of every mutation writes the entry; these facts say exactly what was put back.
    noteAudit({ resourceType: "delivery", resourceId: `${agencyCode}:${from.toISOString()}/${to.toISOString()}` });
    noteAuditDetails({ agencyCode, from: from.toISOString(), to: to.toISOString(), jobIds: replayed.slice(0, 500), count: replayed.length });
    return replayed.length;
  }
}
