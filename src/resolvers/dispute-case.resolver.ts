import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { closeDisputeCase } from "../commands/close-dispute-case";
import { DisputeCaseOutcome, DisputeCaseState } from "../domain/early-warning/dispute-case-terms";
import { disputeCasesOf, findVisibleDisputeCase, listDisputeCases } from "../db/dispute-case-queries";
import { CloseDisputeCaseInput, DisputeCaseType } from "../schema/dispute-case.type";
import { LedgerEntryType } from "../schema/ledger.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });

/** Mediation and pre-petition cases opened by consultations; rules live in the commands and src/domain/early-warning. */
@Resolver(() => DisputeCaseType)
export class DisputeCaseResolver {
  @Query(() => DisputeCaseType, { nullable: true, description: "A dispute case of a locality the caller sees (null otherwise)" })
  async disputeCase(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<DisputeCaseType | null> {
    const c = await findVisibleDisputeCase(ctx.deps.db, principalOf(ctx), parseId(id, "id"));
    return c && DisputeCaseType.from(c);
  }

  @Query(() => [DisputeCaseType], { description: "Dispute cases of the localities the caller sees, newest first" })
  async disputeCases(
    @Ctx() ctx: HubContext,
    @Arg("state", () => DisputeCaseState, { nullable: true }) state?: DisputeCaseState,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
    @Arg("before", () => ID, { nullable: true }) before?: string,
  ): Promise<DisputeCaseType[]> {
    const rows = await listDisputeCases(ctx.deps.db, principalOf(ctx), state, pageSize(first, 200), before == null ? null : parseId(before, "before"));
    return rows.map(DisputeCaseType.from);
  }

  @Mutation(() => DisputeCaseType, { description: "Close an open dispute case as RESOLVED or FAILED" })
  async closeDisputeCase(@Arg("id", () => ID) id: string, @Arg("input", () => CloseDisputeCaseInput) input: CloseDisputeCaseInput, @Ctx() ctx: HubContext): Promise<DisputeCaseType> {
    const petitionId = input.petitionId == null ? null : parseId(input.petitionId, "input.petitionId");
    const c = await closeDisputeCase(ctx.deps, cmd(ctx), parseId(id, "id"), { outcome: input.outcome as string as DisputeCaseOutcome, note: input.note, petitionId });
    return DisputeCaseType.from(c);
  }
}

/** LedgerEntry.cases: the entry was already checked visible, and its cases share its locality. */
@Resolver(() => LedgerEntryType)
export class LedgerEntryCasesResolver {
  @FieldResolver(() => [DisputeCaseType], { description: "The mediation and pre-petition cases its consultations opened" })
  async cases(@Root() e: LedgerEntryType, @Ctx() ctx: HubContext): Promise<DisputeCaseType[]> {
    return (await disputeCasesOf(ctx.deps.db, e.entityId)).map(DisputeCaseType.from);
  }
}
