import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import { PetitionTransitionEntity } from "../db/entities";

/** One recorded lifecycle move. */
@ObjectType("PetitionTransition")
export class TransitionType {
  @Field(() => ID) id: string;
  @Field() event: string;
  @Field(() => String, { nullable: true }) fromState: string | null;
  @Field(() => String, { nullable: true, description: "Null in a partner's projection" }) toState: string | null;
  @Field(() => String, { nullable: true, description: "Subject of the acting principal; null for other units' entries in a partner's projection" }) actor: string | null;
  @Field(() => ID, { nullable: true }) actorOrgId: string | null;
  @Field(() => ID, { nullable: true, description: "Organisation the move was recorded for, when the bureau acted on its behalf" }) onBehalfOfOrgId: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => String, { nullable: true }) legalBasis: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) details: Record<string, unknown> | null;
  @Field() at: Date;

  /** `redacted`: another unit's entry seen through a partner's projection: event, time and organisation only. */
  static from(e: PetitionTransitionEntity, redacted = false): TransitionType {
    const id = (n: number | null) => (n === null ? null : String(n));
    const t = Object.assign(new TransitionType(), { ...e, id: String(e.id), actorOrgId: id(e.actorOrgId), onBehalfOfOrgId: id(e.onBehalfOfOrgId) });
    if (redacted) Object.assign(t, { fromState: null, toState: null, actor: null, reason: null, legalBasis: null, details: null });
    return t;
  }
}
