import { Field, ID, ObjectType } from "type-graphql";
import { PetitionType } from "./petition.type";
import { ReferralType } from "./referral.type";

/** One committed change as the caller may see it: the event's facts, and the petition/referral through their projections. */
@ObjectType("ChangeEvent", { description: "A committed change, in commit (relay) order; `cursor` resumes after it" })
export class ChangeEventType {
  @Field({ description: "Stream position of this event: pass it as `after` to continue after it" }) cursor: string;
  @Field({ description: "Event type, e.g. petition.transitioned, deadline.warning, referral.responded" }) type: string;
  @Field({ description: "petition, referral or another aggregate" }) aggregateType: string;
  @Field(() => Date, { description: "When the change committed" }) at: Date;
  @Field(() => ID, { nullable: true, description: "The petition concerned, when the caller may see it" }) petitionId: string | null;
  @Field(() => ID, { nullable: true, description: "The referral concerned, when the caller may see it" }) referralId: string | null;
  @Field(() => PetitionType, { nullable: true, description: "The petition now, projected for the caller" }) petition: PetitionType | null;
  @Field(() => ReferralType, { nullable: true, description: "The referral now" }) referral: ReferralType | null;
  /** The stream entry behind it (not a field): subscribers of one process with the same scope share its result. */
  source?: object;
}

/** A page of the change feed for partners that poll. */
@ObjectType("ChangePage")
export class ChangePageType {
  @Field(() => [ChangeEventType]) events: ChangeEventType[];
  @Field({ description: "Pass as `after` for the next page (unchanged when nothing new was committed)" }) nextCursor: string;
}
