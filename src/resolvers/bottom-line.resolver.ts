import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { flagKeyPerson } from "../commands/flag-key-person";
import { recordPublicOpinionPost } from "../commands/record-public-opinion-post";
import { recordUrgentReport } from "../commands/record-urgent-report";
import { BottomLineOutcome, reportHigherLevelGroupPetition } from "../commands/report-higher-level-group-petition";
import { BottomLine } from "../domain/bottom-lines/bottom-line-terms";
import { reportsOf } from "../db/bottom-line-queries";
import { AlertType } from "../schema/alert.type";
import { HigherLevelGroupPetitionInput, PublicOpinionPostInput } from "../schema/bottom-line.inputs";
import { BottomLineBreachType, BottomLineOutcomeType, BottomLineStatusType, PublicOpinionPostResultType, PublicOpinionPostType, UrgentReportType } from "../schema/bottom-line.type";
import { principalOf } from "./auth-checker";
import { bottomLineStatus, breachesWithReports } from "./bottom-line-view";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });
const optionalId = (v: string | null | undefined, arg: string) => (v == null ? null : parseId(v, arg));

async function outcomeOf(ctx: HubContext, o: BottomLineOutcome): Promise<BottomLineOutcomeType> {
  const reports = o.breach ? ((await reportsOf(ctx.deps.db, [o.breach.id])).get(o.breach.id) ?? []) : [];
  return { verdict: o.verdict, breach: o.breach && BottomLineBreachType.from(o.breach, reports), alert: o.alert && AlertType.from(o.alert) };
}

/** The four bottom lines (四个不发生); rules live in the commands and src/domain/bottom-lines. */
@Resolver()
export class BottomLineResolver {
  @Query(() => [BottomLineBreachType], { description: "Bottom-line breaches of the localities the caller sees, latest first, with their report chains" })
  async bottomLineBreaches(
    @Ctx() ctx: HubContext,
    @Arg("line", () => BottomLine, { nullable: true }) line?: BottomLine,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
    @Arg("before", () => ID, { nullable: true }) before?: string,
  ): Promise<BottomLineBreachType[]> {
    return breachesWithReports(ctx.deps, principalOf(ctx), { line, first: pageSize(first, 200), beforeId: optionalId(before, "before") });
  }

  @Query(() => BottomLineStatusType, { description: "Days since the last breach per line: the city, and each county/district the caller sees" })
  async bottomLineStatus(@Ctx() ctx: HubContext): Promise<BottomLineStatusType> {
    return bottomLineStatus(ctx.deps, principalOf(ctx), new Date());
  }

  @Mutation(() => BottomLineOutcomeType, { description: "Record a group petition received at the province or in Beijing (lines 2 and 3)" })
  async reportHigherLevelGroupPetition(@Arg("input", () => HigherLevelGroupPetitionInput) input: HigherLevelGroupPetitionInput, @Ctx() ctx: HubContext): Promise<BottomLineOutcomeType> {
    const o = await reportHigherLevelGroupPetition(ctx.deps, cmd(ctx), {
      ...input,
      localityOrgId: parseId(input.localityOrgId, "input.localityOrgId"),
      petitionId: optionalId(input.petitionId, "input.petitionId"),
      matterId: optionalId(input.matterId, "input.matterId"),
      owningLeader: input.owningLeader ?? null,
    });
    return outcomeOf(ctx, o);
  }

  @Mutation(() => PublicOpinionPostResultType, { description: "Record a petition-related post (line 4): a negative post at the reach threshold breaches the line" })
  async recordPublicOpinionPost(@Arg("input", () => PublicOpinionPostInput) input: PublicOpinionPostInput, @Ctx() ctx: HubContext): Promise<PublicOpinionPostResultType> {
    const r = await recordPublicOpinionPost(ctx.deps, cmd(ctx), { ...input, localityOrgId: parseId(input.localityOrgId, "input.localityOrgId"), petitionId: optionalId(input.petitionId, "input.petitionId"), matterId: optionalId(input.matterId, "input.matterId") });
    return { post: PublicOpinionPostType.from(r.post), outcome: await outcomeOf(ctx, r.outcome) };
  }

  @Mutation(() => AlertType, { nullable: true, description: "Mark a petition's petitioners as key persons for line 2 or 3: a pre-alert to its locality" })
  async flagKeyPerson(@Arg("petitionId", () => ID) petitionId: string, @Arg("line", () => BottomLine) line: BottomLine, @Arg("reason") reason: string, @Ctx() ctx: HubContext): Promise<AlertType | null> {
    const r = await flagKeyPerson(ctx.deps, cmd(ctx), parseId(petitionId, "petitionId"), line, reason);
    return r.alert && AlertType.from(r.alert);
  }

  @Mutation(() => UrgentReportType, { description: "Record when an urgent report of a breach was made (default now); a late one raises an accountability candidate" })
  async recordUrgentReport(@Arg("reportId", () => ID) reportId: string, @Ctx() ctx: HubContext, @Arg("reportedAt", () => Date, { nullable: true }) reportedAt?: Date | null): Promise<UrgentReportType> {
    return UrgentReportType.from(await recordUrgentReport(ctx.deps, cmd(ctx), parseId(reportId, "reportId"), reportedAt ?? null));
  }
}
