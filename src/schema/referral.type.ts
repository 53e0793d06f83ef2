import { GraphQLJSONObject } from "graphql-scalars";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Expectation, ReferralDirection, ReferralRole, ReferralState } from "../domain/referrals/referral-terms";
import { ReferralEntity, ReferralTransitionEntity } from "../db/entities";

registerEnumType(ReferralState, { name: "ReferralState" });
registerEnumType(ReferralRole, { name: "ReferralRole" });
registerEnumType(ReferralDirection, { name: "ReferralDirection" });
registerEnumType(Expectation, { name: "Expectation" });

@ObjectType("Attachment")
export class AttachmentType {
  @Field() name: string;
  @Field() mimeType: string;
  @Field(() => Int) sizeBytes: number;
  @Field(() => String, { nullable: true }) sha256?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
}

@ObjectType("ReferralResponse")
export class ReferralResponseType {
  @Field() opinion: string;
  @Field(() => String, { nullable: true }) actionsTaken: string | null;
  @Field(() => [AttachmentType]) attachments: AttachmentType[];
}

@ObjectType("ReferralTransition")
export class ReferralTransitionType {
  @Field(() => ID) id: string;
  @Field() event: string;
  @Field(() => String, { nullable: true }) fromState: string | null;
  @Field() toState: string;
  @Field(() => String, { nullable: true, description: "Subject of the acting principal; an agency sees only its own staff's" }) actor: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) details: Record<string, unknown> | null;
  @Field() at: Date;

  /** `viewerOrgId`: an agency's view, where other units' staff identities are withheld. */
  static from(e: ReferralTransitionEntity, viewerOrgId: number | null = null): ReferralTransitionType {
    const hideActor = viewerOrgId !== null && e.actorOrgId !== viewerOrgId;
    return Object.assign(new ReferralTransitionType(), { ...e, id: String(e.id), actor: hideActor ? null : e.actor });
  }
}

/** A joint-handling referral to (or from) a partner agency or special unit. */
@ObjectType("Referral")
@Directive('@key(fields: "id")')
export class ReferralType {
  @Field(() => ID) id: string;
  @Field(() => ReferralDirection) direction: ReferralDirection;
  @Field(() => ReferralRole) role: ReferralRole;
  @Field(() => ReferralState) state: ReferralState;
  @Field(() => [Expectation], { description: "What is expected back" }) expected: Expectation[];
  @Field({ description: "Why it was routed here" }) reason: string;
  @Field({ description: "First response due (default 5 working days)" }) responseDueAt: Date;
  @Field(() => Date, { nullable: true, description: "End of the 2-working-day 回退 window" }) returnDueAt: Date | null;
  @Field(() => String, { nullable: true }) externalRef: string | null;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
  @Field(() => Date, { nullable: true }) acknowledgedAt: Date | null;
  @Field(() => Date, { nullable: true }) respondedAt: Date | null;
  @Field(() => Date, { nullable: true }) returnedAt: Date | null;
  @Field(() => String, { nullable: true }) returnReason: string | null;
  @Field(() => Date, { nullable: true }) escalatedAt: Date | null;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field(() => ReferralResponseType, { nullable: true }) response: ReferralResponseType | null;
  @Field({ description: "No response and past the response deadline (for a raised case: the bureau's take-up period)" }) overdue: boolean;
  @Field() createdAt: Date;

  numericId: number;
  petitionId: number | null;
  agencyOrgId: number;

  static from(e: ReferralEntity, now = new Date()): ReferralType {
    const open = [ReferralState.SENT, ReferralState.DELIVERED, ReferralState.ACKNOWLEDGED, ReferralState.ESCALATED, ReferralState.RAISED].includes(e.state);
    return Object.assign(new ReferralType(), {
      ...e,
      id: String(e.id),
      numericId: e.id,
      expected: e.expected as Expectation[],
      response: e.response ? { ...e.response, actionsTaken: e.response.actionsTaken ?? null } : null,
      overdue: open && now > e.responseDueAt,
    });
  }
}

/** Per-agency workload for the bureau's operators. */
@ObjectType("AgencyBacklog")
export class AgencyBacklogType {
  @Field(() => ID) agencyOrgId: string;
  @Field() agencyCode: string;
  @Field() agencyName: string;
  @Field(() => Int, { description: "Sent, delivered, acknowledged or escalated" }) open: number;
  @Field(() => Int) overdue: number;
  @Field(() => Int) responded: number;
  @Field(() => Number, { nullable: true, description: "Mean hours from referral to response" }) averageResponseHours: number | null;
}

/** A delivery that exhausted its retries or was refused permanently; replayable. */
@ObjectType("FailedDelivery")
export class FailedDeliveryType {
  @Field() jobId: string;
  @Field() agencyCode: string;
  @Field(() => ID) referralId: string;
  @Field() failedReason: string;
  @Field(() => Int) attemptsMade: number;
  @Field(() => Date, { nullable: true }) failedAt: Date | null;
}
