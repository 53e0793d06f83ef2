import { Field, ID, InputType, Int } from "type-graphql";
import { HigherLevel, Sentiment } from "../domain/bottom-lines/bottom-line-terms";
import "./bottom-line.type";

@InputType({ description: "A group petition received at the province or in Beijing, as reported to the city bureau" })
export class HigherLevelGroupPetitionInput {
  @Field(() => HigherLevel) level: HigherLevel;
  @Field(() => ID) localityOrgId: string;
  @Field(() => Int) headcount: number;
  @Field() occurredAt: Date;
  @Field() summary: string;
  @Field(() => ID, { nullable: true }) petitionId?: string | null;
  @Field(() => ID, { nullable: true }) matterId?: string | null;
  @Field(() => String, { nullable: true, description: "The locality's owning leader; else BOTTOM_LINE_LEADERS" }) owningLeader?: string | null;
}

@InputType({ description: "A petition-related post found by public-opinion monitoring" })
export class PublicOpinionPostInput {
  @Field() platform: string;
  @Field() url: string;
  @Field(() => Int, { description: "Views and reposts" }) reach: number;
  @Field(() => Sentiment) sentiment: Sentiment;
  @Field(() => ID) localityOrgId: string;
  @Field(() => ID, { nullable: true }) petitionId?: string | null;
  @Field(() => ID, { nullable: true }) matterId?: string | null;
}
