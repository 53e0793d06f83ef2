import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { parseInput } from "../commands/petition-input";
import { raiseReferral, registerRaisedReferral } from "../commands/raise-referral";
import { referralReasonInput, referralResponseInput } from "../commands/referral-input";
import { transitionReferralCommand } from "../commands/transition-referral";
import { Channel } from "../domain/petition-terms";
import { ReferralEvent } from "../domain/referrals/referral-lifecycle";
import { PetitionType } from "../schema/petition.type";
import { RaiseReferralInput, ReferralResponseInput } from "../schema/referral.inputs";
import { ReferralType } from "../schema/referral.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { parseId } from "./ids";
import { petitionFor } from "./petition-view";

async function move(ctx: HubContext, id: string, event: ReferralEvent): Promise<ReferralType> {
  const r = await transitionReferralCommand(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, parseId(id, "id"), event);
  return ReferralType.from(r.referral);
}

/** What agency systems call (with their own tokens), plus the bureau's close; repeats are harmless. */
@Resolver()
export class ReferralCallbacksResolver {
  @Mutation(() => ReferralType, { description: "签收: the agency takes the referral on" })
  acknowledgeReferral(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "ACKNOWLEDGE" });
  }

  @Mutation(() => ReferralType, { description: "The agency's answer: opinion, actions taken, attachment metadata" })
  respondToReferral(@Arg("id", () => ID) id: string, @Arg("input", () => ReferralResponseInput) input: ReferralResponseInput, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "RESPOND", response: parseInput(referralResponseInput, input) });
  }

  @Mutation(() => ReferralType, { description: "回退 with a reason, within 2 working days of delivery" })
  returnReferral(@Arg("id", () => ID) id: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "RETURN", reason: parseInput(referralReasonInput, reason) });
  }

  @Mutation(() => ReferralType, { description: "The bureau closes an answered referral" })
  closeReferral(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "CLOSE" });
  }

  @Mutation(() => ReferralType, { description: "An agency raises a case towards the bureau" })
  async raiseReferral(@Arg("input", () => RaiseReferralInput) input: RaiseReferralInput, @Ctx() ctx: HubContext) {
    const r = await raiseReferral(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, { ...input, localityOrgId: parseId(input.localityOrgId, "localityOrgId") });
    return ReferralType.from(r);
  }

  @Mutation(() => PetitionType, { description: "The bureau registers a petition from a raised case" })
  async registerRaisedReferral(@Arg("id", () => ID) id: string, @Arg("channel", () => Channel, { defaultValue: Channel.ONLINE }) channel: Channel, @Ctx() ctx: HubContext) {
    return petitionFor(ctx, await registerRaisedReferral(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, parseId(id, "id"), channel), { afterChange: true });
  }
}
