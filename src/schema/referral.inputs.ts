import { Field, ID, InputType, Int } from "type-graphql";
import { Category, SpecialGroup } from "../domain/petition-terms";
import { ReferralState } from "../domain/referrals/referral-terms";
import { PetitionerInput } from "./petition.inputs";

@InputType()
export class AttachmentInput {
  @Field() name: string;
  @Field() mimeType: string;
  @Field(() => Int) sizeBytes: number;
  @Field(() => String, { nullable: true }) sha256?: string | null;
  @Field(() => String, { nullable: true }) url?: string | null;
}

/** An agency's answer: opinion, actions taken, attachment metadata (files stay in the agency's system). */
@InputType()
export class ReferralResponseInput {
  @Field() opinion: string;
  @Field(() => String, { nullable: true }) actionsTaken?: string | null;
  @Field(() => [AttachmentInput], { defaultValue: [] }) attachments: AttachmentInput[];
}

/** A case an agency found that needs the petition system. */
@InputType()
export class RaiseReferralInput {
  @Field(() => Category) category: Category;
  @Field(() => ID) localityOrgId: string;
  @Field() summary: string;
  @Field() request: string;
  @Field(() => [SpecialGroup], { defaultValue: [] }) specialGroups: SpecialGroup[];
  @Field(() => [PetitionerInput], { defaultValue: [] }) petitioners: PetitionerInput[];
}

@InputType()
export class ReferralFilterInput {
  @Field(() => [ReferralState], { nullable: true }) states?: ReferralState[];
  @Field(() => [ID], { nullable: true }) agencyOrgIds?: string[];
  @Field({ nullable: true }) overdue?: boolean;
}
