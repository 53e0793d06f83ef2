import { Field, ID, Int, ObjectType } from "type-graphql";

/** A delivery that will not be retried any more: refused for good (e.g. 410 Gone, 400) or out of retries. */
@ObjectType({ description: "A delivery that ended in the dead-letter list (permanent refusal or retries exhausted)" })
export class DeadLetterType {
  @Field() jobId: string;
  @Field() agencyCode: string;
  @Field(() => ID) referralId: string;
  @Field() failedReason: string;
  @Field(() => Int) attemptsMade: number;
  @Field(() => Date, { description: "When it became a dead letter" }) failedAt: Date;
  @Field({ description: "GONE (410), PERMANENT (other refusals), EXHAUSTED (the retry schedule ran out) or UNROUTABLE (an outbox row that could not be parsed or routed)" }) cause: string;
}
