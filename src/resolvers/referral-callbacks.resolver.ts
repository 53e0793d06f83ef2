import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { z } from "zod";
import { parseInput } from "../commands/petition-input";
import { raiseReferral, registerRaisedReferral } from "../commands/raise-referral";
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

/** Bounds on what an agency may send back, checked at the boundary. */
export const referralResponseSchema = z.object({
  opinion: z.string().trim().min(1).max(4000),
  actionsTaken: z.string().max(4000).nullish().transform((v) => v ?? null),
  attachments: z
    .array(z.object({ name: z.string().min(1).max(200), mimeType: z.string().min(1).max(100), sizeBytes: z.number().int().min(0).max(2 ** 31), sha256: z.string().regex(/^[0-9a-f]{64}$/).nullish(), url: z.string().url().max(500).nullish() }))
    .max(20),
});
const reasonSchema = z.string().trim().min(1).max(1000);

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
    return move(ctx, id, { type: "RESPOND", response: parseInput(referralResponseSchema, input) });
  }

  @Mutation(() => ReferralType, { description: "回退 with a reason, within 2 working days of delivery" })
  returnReferral(@Arg("id", () => ID) id: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext) {
    return move(ctx, id, { type: "RETURN", reason: parseInput(reasonSchema, reason) });
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
