import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { lookUpProgress } from "../commands/citizen-lookup";
import { checkProcedure } from "../commands/procedure-check";
import { reissueQueryCode } from "../commands/reissue-query-code";
import { parseId } from "./ids";
import { principalOf } from "./auth-checker";
import { CitizenProgressType, ProcedureAnswerType, QueryCodeIssuedType } from "../schema/citizen.type";
import type { HubContext } from "./context";

/** The citizen's lookup by query code (public) and the partners' "already in procedure" question. */
@Resolver()
export class CitizenResolver {
  @Query(() => CitizenProgressType, { description: "A petition's progress by its number and query code (查询码); no account needed, wrong codes are rate-limited" })
  citizenProgress(@Arg("number", () => String) number: string, @Arg("queryCode", () => String) queryCode: string, @Ctx() ctx: HubContext): Promise<CitizenProgressType> {
    return lookUpProgress(ctx.deps, { number, queryCode, clientIp: ctx.clientIp ?? null });
  }

  @Query(() => ProcedureAnswerType, { description: "Whether the person with this ID number has a matter in the petition procedure (yes/no and a count, never content)" })
  alreadyInProcedure(@Arg("idNumber", () => String) idNumber: string, @Ctx() ctx: HubContext): Promise<ProcedureAnswerType> {
    return checkProcedure(ctx.deps, principalOf(ctx), idNumber);
  }

  @Mutation(() => QueryCodeIssuedType, { description: "A new query code for a petition (the old one stops working); petition departments that can see it" })
  async reissueQueryCode(@Arg("petitionId", () => ID) petitionId: string, @Ctx() ctx: HubContext): Promise<QueryCodeIssuedType> {
    const { petition, queryCode } = await reissueQueryCode(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, parseId(petitionId, "petitionId"));
    return { petitionId: String(petition.id), number: petition.number, queryCode };
  }
}
