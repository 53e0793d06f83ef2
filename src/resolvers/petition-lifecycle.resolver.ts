import { Arg, Ctx, ID, Int, Mutation, Resolver } from "type-graphql";
import { submitPetitionWithCode } from "../commands/submit-petition";
import { transitionPetition } from "../commands/transition-petition";
import { BadInputError } from "../domain/errors";
import { LIMITS } from "../domain/limits";
import { PetitionEvent } from "../domain/lifecycle/petition-events";
import { AnswerOutcome, DiversionRoute, EvaluationSource, Satisfaction } from "../domain/petition-terms";
import { SubmitPetitionInput } from "../schema/petition.inputs";
import { PetitionType } from "../schema/petition.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { parseId } from "./ids";
import { petitionFor } from "./petition-view";

/** A reason lands in the transition's `reason` column (src/domain/limits.ts). */
const MAX_REASON = LIMITS.reason;

function text(value: string | null | undefined, arg: string, required: boolean): string | null {
  const v = value?.trim() ?? "";
  if (required && !v) throw new BadInputError(`${arg} is required`, [{ path: arg, message: "required" }]);
  if (v.length > MAX_REASON) throw new BadInputError(`${arg} is too long`, [{ path: arg, message: `at most ${MAX_REASON} characters` }]);
  return v || null;
}

/** Runs one lifecycle move through the shared command and maps the result. */
async function move(ctx: HubContext, id: string, event: PetitionEvent, reason?: string | null, reasonRequired = false): Promise<PetitionType> {
  const petitionId = parseId(id, "id");
  const why = text(reason, "reason", reasonRequired);
  const e = await transitionPetition(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, petitionId, event, { reason: why });
  return petitionFor(ctx, e, { afterChange: true });
}

const R = { nullable: true } as const;

/** One mutation per lifecycle move; every rule lives in the command and the domain state machine. */
@Resolver()
export class PetitionLifecycleResolver {
  @Mutation(() => PetitionType, { description: "Register a petition (Arts. 17, 22); opens the 15-day forwarding clock" })
  async submitPetition(@Arg("input", () => SubmitPetitionInput) input: SubmitPetitionInput, @Ctx() ctx: HubContext): Promise<PetitionType> {
    const { petition, queryCode } = await submitPetitionWithCode(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, {
      ...input,
      localityOrgId: parseId(input.localityOrgId, "localityOrgId"),
      accusedOrgId: input.accusedOrgId ? parseId(input.accusedOrgId, "accusedOrgId") : null,
    });
    const t = await petitionFor(ctx, petition, { afterChange: true });
    t.queryCode = queryCode; // the registrar who just registered it; nobody can read it later
    return t;
  }

  @Mutation(() => PetitionType, { description: "Register a petition received without registration" })
  registerPetition(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "REGISTER" });
  }

  @Mutation(() => PetitionType)
  startRouting(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "START_ROUTING" });
  }

  @Mutation(() => PetitionType, { description: "转送 to the competent handler (Art. 22)" })
  forwardPetition(@Arg("id", () => ID) id: string, @Arg("toOrgId", () => ID) toOrgId: string, @Ctx() ctx: HubContext, @Arg("reason", () => String, R) reason?: string) {
    return move(ctx, id, { type: "FORWARD", toOrgId: parseId(toOrgId, "toOrgId") }, reason);
  }

  @Mutation(() => PetitionType, { description: "交办 with a result due date set by the assigning organ (Art. 22)" })
  assignPetition(@Arg("id", () => ID) id: string, @Arg("toOrgId", () => ID) toOrgId: string, @Arg("resultDueAt") resultDueAt: Date, @Ctx() ctx: HubContext, @Arg("reason", () => String, R) reason?: string) {
    return move(ctx, id, { type: "ASSIGN", toOrgId: parseId(toOrgId, "toOrgId"), resultDueAt }, reason);
  }

  @Mutation(() => PetitionType, { description: "The handler acknowledges receipt (Art. 23 counts from receipt); receivedAt for a paper file that arrived after the electronic forwarding" })
  receivePetition(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext, @Arg("receivedAt", () => Date, R) receivedAt?: Date) {
    return move(ctx, id, { type: "RECEIVE", receivedAt: receivedAt ?? undefined });
  }

  @Mutation(() => PetitionType, { description: "Handler objects that the matter is not theirs, within 5 working days (Art. 23)" })
  objectToPetition(@Arg("id", () => ID) id: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "OBJECT", reason }, reason, true);
  }

  @Mutation(() => PetitionType)
  reroutePetition(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext, @Arg("reason", () => String, R) reason?: string) {
    return move(ctx, id, { type: "REROUTE" }, reason);
  }

  @Mutation(() => PetitionType, { description: "Written notice of acceptance (Art. 23)" })
  acceptPetition(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext, @Arg("reason", () => String, R) reason?: string) {
    return move(ctx, id, { type: "ACCEPT" }, reason);
  }

  @Mutation(() => PetitionType)
  notAcceptPetition(@Arg("id", () => ID) id: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "NOT_ACCEPT", reason }, reason, true);
  }

  @Mutation(() => PetitionType, { description: "诉访分离: divert to litigation, arbitration, reconsideration… (Art. 31)" })
  divertPetition(@Arg("id", () => ID) id: string, @Arg("route", () => DiversionRoute) route: DiversionRoute, @Arg("reason") reason: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "DIVERT", route }, reason, true);
  }

  @Mutation(() => PetitionType)
  startHandling(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "START_HANDLING" });
  }

  @Mutation(() => PetitionType, { description: "The one extension of at most 30 days, approved by the head, petitioner told why (Art. 34)" })
  extendHandling(
    @Arg("id", () => ID) id: string,
    @Arg("days", () => Int) days: number,
    @Arg("approver") approver: string,
    @Arg("reason") reason: string,
    @Arg("petitionerNotified") petitionerNotified: boolean,
    @Ctx() ctx: HubContext,
  ) {
    return move(ctx, id, { type: "EXTEND", days, approver: text(approver, "approver", true)!, reason, petitionerNotified }, reason, true);
  }

  @Mutation(() => PetitionType)
  startHearing(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "START_HEARING" });
  }

  @Mutation(() => PetitionType, { description: "Hearing time is excluded from the second-review period (Art. 36)" })
  endHearing(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "END_HEARING" });
  }

  @Mutation(() => PetitionType)
  mediatePetition(@Arg("id", () => ID) id: string, @Arg("agreement") agreement: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "MEDIATE", agreement }, agreement, true);
  }

  @Mutation(() => PetitionType, { description: "Written answer: support / explain / not support (Art. 32); deliveredAt = its service on the petitioner, if already made" })
  answerPetition(@Arg("id", () => ID) id: string, @Arg("outcome", () => AnswerOutcome) outcome: AnswerOutcome, @Arg("text") answer: string, @Ctx() ctx: HubContext, @Arg("deliveredAt", () => Date, R) deliveredAt?: Date) {
    return move(ctx, id, { type: "ANSWER", outcome, deliveredAt: deliveredAt ?? undefined }, answer, true);
  }

  @Mutation(() => PetitionType, { description: "The petitioner's satisfaction, from the petitioner or a return visit, recorded by a petition department (never by the handler rated)" })
  evaluateAnswer(
    @Arg("id", () => ID) id: string,
    @Arg("satisfaction", () => Satisfaction) satisfaction: Satisfaction,
    @Arg("source", () => EvaluationSource) source: EvaluationSource,
    @Ctx() ctx: HubContext,
  ) {
    return move(ctx, id, { type: "EVALUATE", satisfaction, source });
  }

  @Mutation(() => PetitionType, { description: "Service of the last answer or opinion on the petitioner, recorded later (a mailed answer's receipt); the petitioner's window runs from it" })
  recordDelivery(@Arg("petitionId", () => ID) petitionId: string, @Arg("deliveredAt") deliveredAt: Date, @Ctx() ctx: HubContext, @Arg("method", () => String, R) method?: string) {
    const how = text(method, "method", false);
    return move(ctx, petitionId, { type: "RECORD_DELIVERY", deliveredAt, ...(how ? { method: how } : {}) });
  }

  @Mutation(() => PetitionType, { description: "复查 request within 30 days of the answer (Art. 35)" })
  requestReview(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext, @Arg("receivedAt", () => Date, R) receivedAt?: Date, @Arg("reason", () => String, R) reason?: string) {
    return move(ctx, id, { type: "REQUEST_REVIEW", receivedAt: receivedAt ?? undefined }, reason);
  }

  @Mutation(() => PetitionType, { description: "复查 opinion (Art. 35); deliveredAt = its service on the petitioner, if already made" })
  issueReview(@Arg("id", () => ID) id: string, @Arg("outcome", () => AnswerOutcome) outcome: AnswerOutcome, @Arg("text") opinion: string, @Ctx() ctx: HubContext, @Arg("deliveredAt", () => Date, R) deliveredAt?: Date) {
    return move(ctx, id, { type: "ISSUE_REVIEW", outcome, deliveredAt: deliveredAt ?? undefined }, opinion, true);
  }

  @Mutation(() => PetitionType, { description: "复核 request within 30 days of the review opinion (Art. 36)" })
  requestSecondReview(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext, @Arg("receivedAt", () => Date, R) receivedAt?: Date, @Arg("reason", () => String, R) reason?: string) {
    return move(ctx, id, { type: "REQUEST_REREVIEW", receivedAt: receivedAt ?? undefined }, reason);
  }

  @Mutation(() => PetitionType, { description: "复核 opinion (Art. 36); deliveredAt = its service on the petitioner, if already made" })
  issueSecondReview(@Arg("id", () => ID) id: string, @Arg("outcome", () => AnswerOutcome) outcome: AnswerOutcome, @Arg("text") opinion: string, @Ctx() ctx: HubContext, @Arg("deliveredAt", () => Date, R) deliveredAt?: Date) {
    return move(ctx, id, { type: "ISSUE_REREVIEW", outcome, deliveredAt: deliveredAt ?? undefined }, opinion, true);
  }

  @Mutation(() => PetitionType, { description: "终结: the same facts and reasons are no longer accepted (Art. 36)" })
  terminatePetition(@Arg("id", () => ID) id: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "TERMINATE" }, reason, true);
  }
}
