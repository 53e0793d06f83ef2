import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { closeAccidentCase } from "../commands/close-accident-case";
import { formAccidentTeam, recordAccidentConsultation, startAccidentOpinionWatch } from "../commands/complete-accident-duty";
import { openAccidentCase } from "../commands/open-accident-case";
import { AccidentCaseState } from "../domain/accidents/accident-terms";
import { dutiesOf, findVisibleAccidentCase, listAccidentCases } from "../db/accident-queries";
import { AccidentCaseEntity } from "../db/entities";
import { AccidentConsultationInput, AccidentOpinionWatchInput, AccidentTeamInput, CloseAccidentCaseInput, OpenAccidentCaseInput } from "../schema/accident.inputs";
import { AccidentCaseType } from "../schema/accident.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });
const optionalId = (v: string | null | undefined, arg: string) => (v == null ? null : parseId(v, arg));
const withDuties = async (ctx: HubContext, c: AccidentCaseEntity) => AccidentCaseType.from(c, await dutiesOf(ctx.deps.db, [c.id]));

/** Accidental death or injury cases (意外伤亡); rules live in the commands and src/domain/accidents. */
@Resolver(() => AccidentCaseType)
export class AccidentResolver {
  @Query(() => AccidentCaseType, { nullable: true, description: "An accident case of a locality the caller sees (null otherwise)" })
  async accidentCase(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<AccidentCaseType | null> {
    const c = await findVisibleAccidentCase(ctx.deps.db, principalOf(ctx), parseId(id, "id"));
    return c && withDuties(ctx, c);
  }

  @Query(() => [AccidentCaseType], { description: "Accident cases of the localities the caller sees, newest first" })
  async accidentCases(
    @Ctx() ctx: HubContext,
    @Arg("state", () => AccidentCaseState, { nullable: true }) state?: AccidentCaseState,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
    @Arg("before", () => ID, { nullable: true }) before?: string,
  ): Promise<AccidentCaseType[]> {
    const rows = await listAccidentCases(ctx.deps.db, principalOf(ctx), { state }, pageSize(first, 200), optionalId(before, "before"));
    const duties = await dutiesOf(ctx.deps.db, rows.map((r) => r.id));
    return rows.map((r) => AccidentCaseType.from(r, duties));
  }

  @Mutation(() => AccidentCaseType, { description: "Open an accident case: its three duties, a CRITICAL alert to the locality, its supervisor informed" })
  async openAccidentCase(@Arg("input", () => OpenAccidentCaseInput) input: OpenAccidentCaseInput, @Ctx() ctx: HubContext): Promise<AccidentCaseType> {
    const ids = { localityOrgId: parseId(input.localityOrgId, "input.localityOrgId"), petitionId: optionalId(input.petitionId, "input.petitionId"), matterId: optionalId(input.matterId, "input.matterId"), ledgerEntryId: optionalId(input.ledgerEntryId, "input.ledgerEntryId") };
    const r = await openAccidentCase(ctx.deps, cmd(ctx), { ...input, ...ids });
    return AccidentCaseType.from(r.accidentCase, r.duties);
  }

  @Mutation(() => AccidentCaseType, { description: "Record the case's working team (工作专班)" })
  async formAccidentTeam(@Arg("caseId", () => ID) caseId: string, @Arg("input", () => AccidentTeamInput) input: AccidentTeamInput, @Ctx() ctx: HubContext): Promise<AccidentCaseType> {
    return withDuties(ctx, await formAccidentTeam(ctx.deps, cmd(ctx), parseId(caseId, "caseId"), input));
  }

  @Mutation(() => AccidentCaseType, { description: "Record the case's risk consultation (风险研判)" })
  async recordAccidentConsultation(@Arg("caseId", () => ID) caseId: string, @Arg("input", () => AccidentConsultationInput) input: AccidentConsultationInput, @Ctx() ctx: HubContext): Promise<AccidentCaseType> {
    return withDuties(ctx, await recordAccidentConsultation(ctx.deps, cmd(ctx), parseId(caseId, "caseId"), input));
  }

  @Mutation(() => AccidentCaseType, { description: "Record that the case's public-opinion watch (舆情监测) is running" })
  async startAccidentOpinionWatch(@Arg("caseId", () => ID) caseId: string, @Arg("input", () => AccidentOpinionWatchInput) input: AccidentOpinionWatchInput, @Ctx() ctx: HubContext): Promise<AccidentCaseType> {
    return withDuties(ctx, await startAccidentOpinionWatch(ctx.deps, cmd(ctx), parseId(caseId, "caseId"), input));
  }

  @Mutation(() => AccidentCaseType, { description: "Close a case on an agreement or a documented legal route, once its three duties are done" })
  async closeAccidentCase(@Arg("caseId", () => ID) caseId: string, @Arg("input", () => CloseAccidentCaseInput) input: CloseAccidentCaseInput, @Ctx() ctx: HubContext): Promise<AccidentCaseType> {
    return withDuties(ctx, await closeAccidentCase(ctx.deps, cmd(ctx), parseId(caseId, "caseId"), input));
  }
}
