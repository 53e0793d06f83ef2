import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { lookUpProgress } from "../commands/citizen-lookup";
import { checkProcedure } from "../commands/procedure-check";
import { CitizenProgressType, ProcedureAnswerType } from "../schema/citizen.type";
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
    return checkProcedure(ctx.deps, idNumber);
  }
}
