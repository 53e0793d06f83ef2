import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { LineVerdict } from "../domain/bottom-lines/bottom-line-rules";
import { BottomLine, BreachSource, HigherLevel, Sentiment, UrgentReportRecipient } from "../domain/bottom-lines/bottom-line-terms";
import { BottomLineBreachEntity, PublicOpinionPostEntity, UrgentReportEntity } from "../db/entities";
import { AlertType } from "./alert.type";

registerEnumType(BottomLine, { name: "BottomLine", description: "四个不发生: the four bottom lines" });
registerEnumType(BreachSource, { name: "BreachSource" });
registerEnumType(HigherLevel, { name: "HigherLevel", description: "Where a group petition outside the city was received" });
registerEnumType(Sentiment, { name: "Sentiment" });
registerEnumType(UrgentReportRecipient, { name: "UrgentReportRecipient", description: "The urgent report chain of Art. 25" });
/** The verdict of a bottom-line record, as a GraphQL enum. */
export enum LineVerdictValue {
  NONE = "NONE",
  PRE_ALERT = "PRE_ALERT",
  BREACH = "BREACH",
}
registerEnumType(LineVerdictValue, { name: "LineVerdict", description: "NONE below threshold, PRE_ALERT (WARNING), BREACH (CRITICAL, report chain, candidate)" });

const idOrNull = (v: number | null) => (v === null ? null : String(v));

@ObjectType("UrgentReport", { description: "One report of a breach's urgent report chain (Art. 25)" })
export class UrgentReportType {
  @Field(() => ID) id: string;
  @Field(() => ID) breachId: string;
  @Field(() => UrgentReportRecipient) recipient: UrgentReportRecipient;
  @Field() dueAt: Date;
  @Field(() => Date, { nullable: true }) reportedAt: Date | null;
  @Field(() => String, { nullable: true }) reportedBy: string | null;
  @Field({ description: "Made after its due time, or still not made when the sweep passed it" }) late: boolean;

  static from(e: UrgentReportEntity): UrgentReportType {
    return Object.assign(new UrgentReportType(), { ...e, id: String(e.id), breachId: String(e.breachId), late: e.lateAt !== null });
  }
}

@ObjectType("BottomLineBreach", { description: "A breach of a bottom line in a locality, with its urgent report chain" })
export class BottomLineBreachType {
  @Field(() => ID) id: string;
  @Field(() => BottomLine) line: BottomLine;
  @Field(() => BreachSource) source: BreachSource;
  @Field(() => ID) localityOrgId: string;
  @Field(() => Int, { nullable: true }) headcount: number | null;
  @Field(() => Int, { nullable: true }) reach: number | null;
  @Field(() => ID, { nullable: true }) petitionId: string | null;
  @Field(() => ID, { nullable: true }) matterId: string | null;
  @Field(() => String, { nullable: true, description: "The locality's owning leader (given in the report, else BOTTOM_LINE_LEADERS)" }) owningLeader: string | null;
  @Field() summary: string;
  @Field() occurredAt: Date;
  @Field({ description: "When the hub learned of it: the urgent reports are due from here" }) recordedAt: Date;
  @Field(() => [UrgentReportType]) reports: UrgentReportType[];

  static from(e: BottomLineBreachEntity, reports: UrgentReportEntity[]): BottomLineBreachType {
    return Object.assign(new BottomLineBreachType(), { ...e, id: String(e.id), localityOrgId: String(e.localityOrgId), petitionId: idOrNull(e.petitionId), matterId: idOrNull(e.matterId), reports: reports.map(UrgentReportType.from) });
  }
}

@ObjectType("BottomLineOutcome", { description: "What a record did for its line" })
export class BottomLineOutcomeType {
  @Field(() => LineVerdictValue) verdict: LineVerdict;
  @Field(() => BottomLineBreachType, { nullable: true }) breach: BottomLineBreachType | null;
  @Field(() => AlertType, { nullable: true }) alert: AlertType | null;
}

@ObjectType("PublicOpinionPost", { description: "A petition-related online post recorded by monitoring" })
export class PublicOpinionPostType {
  @Field(() => ID) id: string;
  @Field() platform: string;
  @Field() url: string;
  @Field(() => Int) reach: number;
  @Field(() => Sentiment) sentiment: Sentiment;
  @Field(() => ID) localityOrgId: string;
  @Field(() => ID, { nullable: true }) petitionId: string | null;
  @Field(() => ID, { nullable: true }) matterId: string | null;
  @Field() recordedAt: Date;

  static from(e: PublicOpinionPostEntity): PublicOpinionPostType {
    return Object.assign(new PublicOpinionPostType(), { ...e, id: String(e.id), localityOrgId: String(e.localityOrgId), petitionId: idOrNull(e.petitionId), matterId: idOrNull(e.matterId) });
  }
}

@ObjectType("PublicOpinionPostResult")
export class PublicOpinionPostResultType {
  @Field(() => PublicOpinionPostType) post: PublicOpinionPostType;
  @Field(() => BottomLineOutcomeType) outcome: BottomLineOutcomeType;
}

@ObjectType("BottomLineDays", { description: "A line's last breach and the Asia/Shanghai calendar days since it (0 = today; null = never)" })
export class BottomLineDaysType {
  @Field(() => BottomLine) line: BottomLine;
  @Field(() => Date, { nullable: true }) lastBreachAt: Date | null;
  @Field(() => Int, { nullable: true }) daysSince: number | null;
}

@ObjectType("LocalityBottomLines")
export class LocalityBottomLinesType {
  @Field(() => ID) orgId: string;
  @Field() orgCode: string;
  @Field() orgName: string;
  @Field(() => [BottomLineDaysType]) lines: BottomLineDaysType[];
}

@ObjectType("BottomLineStatus", { description: "Days since the last breach, per line, for the city and per locality the caller sees" })
export class BottomLineStatusType {
  @Field() computedAt: Date;
  @Field(() => [BottomLineDaysType], { description: "The whole city (any locality)" }) city: BottomLineDaysType[];
  @Field(() => [LocalityBottomLinesType], { description: "The city bureau: every county/district; a county office: its own" }) localities: LocalityBottomLinesType[];
}

@ObjectType("DashboardBottomLines", { description: "四个不发生 panel: days since per line, open bottom-line alerts, the latest breach's report chain" })
export class DashboardBottomLinesType {
  @Field(() => [BottomLineDaysType], { description: "The whole city" }) city: BottomLineDaysType[];
  @Field(() => [BottomLineDaysType], { description: "The viewer's scope: the city for the bureau, its own locality for a county office" }) scope: BottomLineDaysType[];
  @Field(() => [AlertType], { description: "Open bottom-line alerts (breaches and pre-alerts) in scope, newest first, at most 10" }) openAlerts: AlertType[];
  @Field(() => BottomLineBreachType, { nullable: true, description: "The latest breach in scope, with its report chain" }) latestBreach: BottomLineBreachType | null;
}
