import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { fileLedgerEntry } from "../commands/file-ledger-entry";
import { recordConsultation } from "../commands/record-consultation";
import { LedgerEntryState } from "../domain/early-warning/ledger-terms";
import { consultationsOf, findVisibleLedgerEntry, listLedgerEntries } from "../db/ledger-queries";
import { ConsultationInput, FileLedgerEntryInput } from "../schema/ledger.inputs";
import { DisputeCaseType } from "../schema/dispute-case.type";
import { ConsultationResultType, LedgerConsultationType, LedgerEntryType } from "../schema/ledger.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });
const optionalId = (v: string | null | undefined, arg: string) => (v == null ? null : parseId(v, arg));

/** Risk ledgers (台账) and their consultations (会商研判); rules live in the commands and src/domain/early-warning. */
@Resolver(() => LedgerEntryType)
export class LedgerResolver {
  @Query(() => LedgerEntryType, { nullable: true, description: "A ledger entry of a locality the caller sees (null otherwise)" })
  async ledgerEntry(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<LedgerEntryType | null> {
    const e = await findVisibleLedgerEntry(ctx.deps.db, principalOf(ctx), parseId(id, "id"));
    return e && LedgerEntryType.from(e);
  }

  @Query(() => [LedgerEntryType], { description: "Ledger entries of the localities the caller sees, newest first" })
  async ledgerEntries(
    @Ctx() ctx: HubContext,
    @Arg("state", () => LedgerEntryState, { nullable: true }) state?: LedgerEntryState,
    @Arg("overdueOnly", { defaultValue: false }) overdueOnly?: boolean,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
    @Arg("before", () => ID, { nullable: true }) before?: string,
  ): Promise<LedgerEntryType[]> {
    const size = pageSize(first, 200);
    const rows = await listLedgerEntries(ctx.deps.db, principalOf(ctx), { state, overdueOnly }, size, optionalId(before, "before"));
    return rows.map(LedgerEntryType.from);
  }

  @Mutation(() => LedgerEntryType, { description: "File a grid force's risk report into its locality's ledger" })
  async fileLedgerEntry(@Arg("input", () => FileLedgerEntryInput) input: FileLedgerEntryInput, @Ctx() ctx: HubContext): Promise<LedgerEntryType> {
    const e = await fileLedgerEntry(ctx.deps, cmd(ctx), { ...input, localityOrgId: parseId(input.localityOrgId, "input.localityOrgId") });
    return LedgerEntryType.from(e);
  }

  @Mutation(() => ConsultationResultType, { description: "Record an entry's consultation and apply its decision" })
  async recordConsultation(@Arg("entryId", () => ID) entryId: string, @Arg("input", () => ConsultationInput) input: ConsultationInput, @Ctx() ctx: HubContext): Promise<ConsultationResultType> {
    const ids = { petitionId: optionalId(input.petitionId, "input.petitionId"), matterId: optionalId(input.matterId, "input.matterId") };
    const r = await recordConsultation(ctx.deps, cmd(ctx), parseId(entryId, "entryId"), { ...input, ...ids });
    return { entry: LedgerEntryType.from(r.entry), consultation: LedgerConsultationType.from(r.consultation), disputeCase: r.disputeCase && DisputeCaseType.from(r.disputeCase) };
  }

  @FieldResolver(() => [LedgerConsultationType])
  async consultations(@Root() e: LedgerEntryType, @Ctx() ctx: HubContext): Promise<LedgerConsultationType[]> {
    return (await consultationsOf(ctx.deps.db, e.entityId)).map(LedgerConsultationType.from);
  }
}
