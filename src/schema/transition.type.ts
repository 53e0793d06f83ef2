import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { PetitionTransitionEntity } from "../db/entities";

/** One recorded lifecycle move. */
@ObjectType("PetitionTransition")
export class TransitionType {
  @Field(() => ID) id: string;
  @Field() event: string;
  @Field(() => String, { nullable: true }) fromState: string | null;
  @Field() toState: string;
  @Field({ description: "Subject of the acting principal" }) actor: string;
  @Field(() => ID, { nullable: true }) actorOrgId: string | null;
  @Field(() => ID, { nullable: true, description: "Organisation the move was recorded for, when the bureau acted on its behalf" }) onBehalfOfOrgId: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() legalBasis: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) details: Record<string, unknown> | null;
  @Field() at: Date;

  static from(e: PetitionTransitionEntity): TransitionType {
    const id = (n: number | null) => (n === null ? null : String(n));
    return Object.assign(new TransitionType(), { ...e, id: String(e.id), actorOrgId: id(e.actorOrgId), onBehalfOfOrgId: id(e.onBehalfOfOrgId) });
  }
}
