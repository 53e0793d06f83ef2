import { Field, ID, InputType, Int } from "type-graphql";
import { Category, Channel, PetitionState, SpecialGroup } from "../domain/petition-terms";

@InputType()
export class PetitionerInput {
  @Field() name: string;
  @Field(() => String, { nullable: true }) idNumber?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field({ defaultValue: false }) representative: boolean;
  @Field({ defaultValue: false }) disabled: boolean;
  @Field({ defaultValue: false }) veteran: boolean;
  @Field(() => String, { nullable: true }) address?: string | null;
}

/** A new petition as the registrar records it. */
@InputType()
export class SubmitPetitionInput {
  @Field(() => Channel) channel: Channel;
  @Field(() => Category) category: Category;
  @Field(() => ID, { description: "Where the problem is: a county office or special unit" }) localityOrgId: string;
  @Field(() => ID, { nullable: true, description: "For accusations: the accused unit (never shown the petition)" }) accusedOrgId?: string | null;
  @Field({ description: "Facts, at most 2000 characters" }) summary: string;
  @Field({ description: "What the petitioner asks for, at most 2000 characters" }) request: string;
  @Field(() => Int, { defaultValue: 1 }) headcount: number;
  @Field(() => [SpecialGroup], { defaultValue: [] }) specialGroups: SpecialGroup[];
  @Field({ defaultValue: false }) levelSkipping: boolean;
  @Field({ defaultValue: false }) threat: boolean;
  @Field({ defaultValue: false }) anonymous: boolean;
  @Field({ defaultValue: false }) urgent: boolean;
  @Field(() => [PetitionerInput], { defaultValue: [] }) petitioners: PetitionerInput[];
  @Field(() => Date, { nullable: true, description: "When the petition was received, if before registration" }) receivedAt?: Date | null;
  @Field({ defaultValue: true, description: "Register at once (default)" }) register: boolean;
}

@InputType()
export class PetitionFilterInput {
  @Field(() => [PetitionState], { nullable: true }) states?: PetitionState[];
  @Field(() => [Category], { nullable: true }) categories?: Category[];
  @Field(() => [ID], { nullable: true }) localityOrgIds?: string[];
  @Field(() => [ID], { nullable: true, description: "Current handling unit" }) handlerOrgIds?: string[];
  @Field(() => [SpecialGroup], { nullable: true }) specialGroups?: SpecialGroup[];
  @Field({ nullable: true, description: "Has an unmet duty past its due date" }) overdue?: boolean;
  @Field({ nullable: true }) registeredFrom?: Date;
  @Field({ nullable: true }) registeredTo?: Date;
}
