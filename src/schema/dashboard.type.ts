import { DashboardBottomLinesType } from "./bottom-line.type";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { WarningLevel } from "./enums";
import { AlertType } from "./alert.type";
import { AccidentCaseType } from "./accident.type";
import { DashboardVisitOnceType } from "./visit-once.type";
import { DisputeCaseType } from "./dispute-case.type";

/** Overdue open duties of one clock kind (超期, by clock). */
@ObjectType("DashboardOverdueByKind")
export class DashboardOverdueByKind {
  @Field(() => DeadlineKind) kind: DeadlineKind;
  @Field(() => Int) count: number;
}

/** Overdue open duties at one place (a county/district or a special unit), per clock kind: a row of the heat map. */
@ObjectType("DashboardLocalityHeat")
export class DashboardLocalityHeat {
  @Field(() => ID) orgId: string;
  @Field() orgCode: string;
  @Field() orgName: string;
  @Field(() => Int) open: number;
  @Field(() => Int) overdue: number;
  @Field(() => [DashboardOverdueByKind]) byKind: DashboardOverdueByKind[];
}

/** One agency's referral backlog (the figures of `agencyBacklog`, limited to what the caller may see). */
@ObjectType("DashboardAgencyBacklog")
export class DashboardAgencyBacklog {
  @Field(() => ID) agencyOrgId: string;
  @Field() agencyCode: string;
  @Field() agencyName: string;
  @Field(() => Int) open: number;
  @Field(() => Int) overdue: number;
  @Field(() => Int) responded: number;
  @Field(() => Float, { nullable: true }) averageResponseHours: number | null;
}

/** Registrations on one local day. */
@ObjectType("DashboardDay")
export class DashboardDay {
  @Field({ description: "YYYY-MM-DD in the bureau's time zone" }) day: string;
  @Field(() => Int) count: number;
}

/** A yellow warning or red breach raised by the deadline sweep. */
@ObjectType("DashboardAlert")
export class DashboardAlert {
  @Field(() => ID) deadlineId: string;
  @Field(() => ID) petitionId: string;
  @Field() petitionNumber: string;
  @Field() localityName: string;
  @Field(() => DeadlineKind) kind: DeadlineKind;
  @Field(() => WarningLevel) level: WarningLevel;
  @Field({ description: "When the sweep raised it" }) at: Date;
  @Field() dueAt: Date;
}

/** 市控 entries still listed in one locality. */
@ObjectType("DashboardCityControlCount")
export class DashboardCityControlCount {
  @Field(() => ID) orgId: string;
  @Field() orgName: string;
  @Field(() => Int) count: number;
}

/** The fast track for city visits on the command screen (issue 9 item 3). */
@ObjectType("DashboardCityVisit")
export class DashboardCityVisit {
  @Field(() => [DashboardCityControlCount], { description: "市控: listed entries per responsible locality" }) listedByLocality: DashboardCityControlCount[];
  @Field(() => Int, { description: "Letters awaiting the locality's response" }) lettersAwaiting: number;
  @Field(() => Int, { description: "Of those, past their response due time" }) lettersOverdue: number;
  @Field(() => Int, { description: "Listed entries found unresolved past the resolution deadline (督办)" }) resolutionOverdue: number;
  @Field(() => Int, { description: "Listed entries past their review date, awaiting the bureau's review" }) reviewsDue: number;
}

/** The command screen's figures, for whoever asks (the city bureau: everything; others: what they can see). */
@ObjectType("Dashboard")
export class DashboardType {
  @Field({ description: "When these figures were computed" }) computedAt: Date;
  @Field({ description: "all, or org:<id>: callers with the same scope share one computation" }) scope: string;
  @Field(() => Int, { description: "在办: petitions an organ still owes an act on" }) openPetitions: number;
  @Field(() => Int, { description: "超期: open duties past due (all kinds)" }) overdue: number;
  @Field(() => [DashboardOverdueByKind]) overdueByKind: DashboardOverdueByKind[];
  @Field(() => Int, { description: "听证中" }) inHearing: number;
  @Field(() => Int, { description: "待签收转办: outbound referrals not yet signed for" }) referralsWaiting: number;
  @Field(() => [DashboardLocalityHeat], { description: "The five counties/districts and the three special units" }) localities: DashboardLocalityHeat[];
  @Field(() => [DashboardAgencyBacklog]) agencies: DashboardAgencyBacklog[];
  @Field(() => [DashboardDay], { description: "Registrations per day, the last 30 days" }) trend: DashboardDay[];
  @Field(() => [DashboardAlert], { description: "The latest yellow warnings and red breaches" }) alerts: DashboardAlert[];
  @Field(() => [AlertType], { description: "风险预警: open alerts the caller's organisation owns (the city bureau: all), newest first, at most 20" }) riskAlerts: AlertType[];
  @Field(() => [AccidentCaseType], { description: "意外伤亡: open accident cases the caller sees (the city bureau: all), newest first, at most 20, with their duties" }) accidentCases: AccidentCaseType[];
  @Field(() => DashboardBottomLinesType, { nullable: true, description: "四个不发生: the bottom-line panel (the city bureau and county offices; others null)" }) bottomLines: DashboardBottomLinesType | null;
  @Field(() => DashboardVisitOnceType, { description: "最多访一次: the one-visit rate and open repeat-visit alerts, in the caller's scope" }) visitOnce: DashboardVisitOnceType;
  @Field(() => DashboardCityVisit, { description: "来市上访顶格办理: 市控 per locality, letters awaiting and overdue (the same scope as Query.cityControlList)" }) cityVisit: DashboardCityVisit;
  @Field(() => [DisputeCaseType], { description: "矛盾纠纷调解 / 访前化解: open dispute cases the caller sees (the same scope as Query.disputeCases), newest first, at most 20" }) disputeCases: DisputeCaseType[];
}
