import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ProgressStep } from "../domain/citizen/citizen-progress";

registerEnumType(ProgressStep, { name: "ProgressStep", description: "A step of a petition as its petitioner may follow it" });

@ObjectType("ProgressEntry")
export class ProgressEntryType {
  @Field(() => ProgressStep) step: ProgressStep;
  @Field(() => Date) at: Date;
}

/** A petition as its petitioner sees it with the query code: number, closed or not, steps and dates — nothing else. */
@ObjectType("CitizenProgress")
export class CitizenProgressType {
  @Field(() => String) number: string;
  @Field(() => Boolean, { description: "The petition procedure has ended for this item (terminated, not accepted, or diverted)" }) closed: boolean;
  @Field(() => [ProgressEntryType], { description: "Registration, transfers, acceptance or refusal, extensions, answers and opinions, oldest first" })
  steps: ProgressEntryType[];
}

/** A partner's "already in procedure?" answer: no content, only whether and how many open matters. */
@ObjectType("ProcedureAnswer")
export class ProcedureAnswerType {
  @Field(() => Boolean) inProcedure: boolean;
  @Field(() => Int, { description: "Open matters (linked items count once) the person is a petitioner of" }) openMatters: number;
}

/** A query code just issued: shown once, to the petition department that asked for it. */
@ObjectType("QueryCodeIssued")
export class QueryCodeIssuedType {
  @Field(() => ID) petitionId: string;
  @Field(() => String) number: string;
  @Field(() => String, { description: "The new query code (查询码); the previous one no longer works" }) queryCode: string;
}
