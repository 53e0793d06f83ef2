import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Category, Channel, PetitionState, SpecialGroup } from "../domain/petition-terms";
import { PetitionEntity } from "../db/entities";

@ObjectType("PetitionFlags")
export class PetitionFlagsType {
  @Field({ description: "More than five people visiting together" }) groupVisit: boolean;
  @Field({ description: "Skipped a level (越级)" }) levelSkipping: boolean;
  @Field() threat: boolean;
  @Field() anonymous: boolean;
  @Field() urgent: boolean;
}

/** A petition item (信访件). Relations are resolved by PetitionResolver through DataLoaders. */
@ObjectType("Petition")
@Directive('@key(fields: "id")')
export class PetitionType {
  @Field(() => ID) id: string;
  @Field({ description: "Registration number" }) number: string;
  @Field(() => ID) matterId: string;
  @Field(() => PetitionState) state: PetitionState;
  @Field(() => Channel) channel: Channel;
  @Field(() => Category) category: Category;
  @Field() summary: string;
  @Field() request: string;
  @Field(() => Int) headcount: number;
  @Field(() => [SpecialGroup]) specialGroups: SpecialGroup[];
  @Field(() => PetitionFlagsType) flags: PetitionFlagsType;
  @Field({ description: "Art. 34: whether the one extension was used" }) extended: boolean;
  @Field() receivedAt: Date;
  @Field(() => Date, { nullable: true }) registeredAt: Date | null;
  @Field() updatedAt: Date;

  localityOrgId: number;
  handlerOrgId: number | null;
  registeringOrgId: number;
  accusedOrgId: number | null;
  numericId: number;

  static from(e: PetitionEntity): PetitionType {
    return Object.assign(new PetitionType(), {
      ...e,
      id: String(e.id),
      numericId: e.id,
      matterId: String(e.matterId),
      specialGroups: e.specialGroups ? (e.specialGroups.split(",") as SpecialGroup[]) : [],
      flags: { groupVisit: !!e.groupVisit, levelSkipping: !!e.levelSkipping, threat: !!e.threat, anonymous: !!e.anonymous, urgent: !!e.urgent },
      extended: !!e.extended,
    });
  }
}
