import { Field, ObjectType, registerEnumType } from "type-graphql";
import { PetitionType } from "./petition.type";

/** Why an earlier item is suggested as the same matter (src/domain/matters/matter-suggestions.ts). */
export enum MatterSuggestionReason {
  /** A petitioner's ID number matches (by its keyed blind index; the number itself is never compared in clear). */
  SAME_PETITIONER_ID = "SAME_PETITIONER_ID",
  /** A petitioner's phone matches (blind index): a telephone item without an ID number. */
  SAME_PETITIONER_PHONE = "SAME_PETITIONER_PHONE",
  /** Same locality or same accused unit. */
  SAME_UNIT = "SAME_UNIT",
  /** Same request after normalisation (spaces and punctuation removed). */
  SAME_REQUEST = "SAME_REQUEST",
}
registerEnumType(MatterSuggestionReason, { name: "MatterSuggestionReason" });

/** How an item belongs to its matter. */
export enum MatterLinkKind {
  OWN = "OWN",
  CONFIRMED = "CONFIRMED",
  UNCONFIRMED = "UNCONFIRMED",
}
registerEnumType(MatterLinkKind, { name: "MatterLinkKind", description: "OWN: opened its matter; CONFIRMED: linked by a person; UNCONFIRMED: joined automatically before links were confirmed (bars nothing)" });

@ObjectType("MatterSuggestion", { description: "An earlier item that may be the same matter; a registrar confirms (linkPetitionToMatter) or rejects it" })
export class MatterSuggestionType {
  @Field(() => PetitionType) petition: PetitionType;
  @Field(() => [MatterSuggestionReason]) reasons: MatterSuggestionReason[];
}

@ObjectType("MatterItem", { description: "One item of a matter, as the caller may see it" })
export class MatterItemType {
  @Field(() => PetitionType) petition: PetitionType;
  @Field(() => MatterLinkKind) link: MatterLinkKind;
}
