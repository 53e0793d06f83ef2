import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { AccidentCaseState, AccidentClosureBasis, AccidentDutyKind, AccidentKind, AccidentLegalRoute, AgreementClosure, ConsultationEvidence, LegalRouteClosure, OpinionWatchEvidence, TeamEvidence } from "../domain/accidents/accident-terms";
import { RiskGrade } from "../domain/early-warning/ledger-terms";
import { AccidentCaseEntity, AccidentDutyEntity } from "../db/entities";
import "./accident.enums";
import "./early-warning.enums";

@ObjectType("AccidentTeamMember")
export class AccidentTeamMemberType {
  @Field() name: string;
  @Field() unit: string;
}

@ObjectType("AccidentTeam", { description: "工作专班" })
export class AccidentTeamType {
  @Field() leader: string;
  @Field(() => [AccidentTeamMemberType]) members: AccidentTeamMemberType[];
}

@ObjectType("AccidentConsultation", { description: "风险研判" })
export class AccidentConsultationType {
  @Field(() => [String]) participants: string[];
  @Field() assessment: string;
  @Field(() => RiskGrade) grade: RiskGrade;
}

@ObjectType("AccidentOpinionWatch", { description: "舆情监测" })
export class AccidentOpinionWatchType {
  @Field() startedAt: Date;
  @Field(() => [String]) channels: string[];
  @Field() findings: string;
}

@ObjectType("AccidentDuty", { description: "One of a case's three duties, due within hours of opening" })
export class AccidentDutyType {
  @Field(() => ID) id: string;
  @Field(() => AccidentDutyKind) kind: AccidentDutyKind;
  @Field() dueAt: Date;
  @Field() done: boolean;
  @Field(() => Date, { nullable: true }) doneAt: Date | null;
  @Field(() => String, { nullable: true }) doneBy: string | null;
  @Field({ description: "Flagged by the sweep: not done in time (stays set once done late)" }) overdue: boolean;
  @Field(() => Date, { nullable: true }) overdueAt: Date | null;
  @Field(() => AccidentTeamType, { nullable: true }) team: AccidentTeamType | null;
  @Field(() => AccidentConsultationType, { nullable: true }) consultation: AccidentConsultationType | null;
  @Field(() => AccidentOpinionWatchType, { nullable: true }) opinionWatch: AccidentOpinionWatchType | null;

  static from(d: AccidentDutyEntity): AccidentDutyType {
    const ev = d.evidence;
    const watch = d.kind === AccidentDutyKind.OPINION_WATCH && ev ? (ev as OpinionWatchEvidence) : null;
    return Object.assign(new AccidentDutyType(), {
      id: String(d.id),
      kind: d.kind,
      dueAt: d.dueAt,
      done: d.doneAt !== null,
      doneAt: d.doneAt,
      doneBy: d.doneBy,
      overdue: d.overdueAt !== null,
      overdueAt: d.overdueAt,
      team: d.kind === AccidentDutyKind.WORKING_TEAM && ev ? (ev as TeamEvidence) : null,
      consultation: d.kind === AccidentDutyKind.RISK_CONSULTATION && ev ? (ev as ConsultationEvidence) : null,
      opinionWatch: watch && { ...watch, startedAt: new Date(watch.startedAt) },
    });
  }
}

@ObjectType("AccidentAgreement", { description: "协议" })
export class AccidentAgreementType {
  @Field() date: Date;
  @Field(() => [String]) parties: string[];
  @Field() reference: string;
  @Field(() => Float, { nullable: true, description: "Yuan" }) amount: number | null;
}

@ObjectType("AccidentLegalRouteRecord", { description: "The legal route a dispute was sent down" })
export class AccidentLegalRouteType {
  @Field(() => AccidentLegalRoute) route: AccidentLegalRoute;
  @Field() body: string;
  @Field() reference: string;
  @Field() date: Date;
}

@ObjectType("AccidentCase", { description: "An accidental death or injury case (意外伤亡) of a locality" })
export class AccidentCaseType {
  @Field(() => ID) id: string;
  @Field(() => ID) localityOrgId: string;
  @Field(() => AccidentKind) kind: AccidentKind;
  @Field(() => Int) casualties: number;
  @Field() occurredAt: Date;
  @Field() place: string;
  @Field() summary: string;
  @Field({ description: "The leader who owns the case (包案领导)" }) leader: string;
  @Field(() => ID, { nullable: true }) petitionId: string | null;
  @Field(() => ID, { nullable: true }) matterId: string | null;
  @Field(() => ID, { nullable: true }) ledgerEntryId: string | null;
  @Field(() => AccidentCaseState) state: AccidentCaseState;
  @Field() openedBy: string;
  @Field() openedAt: Date;
  @Field(() => [AccidentDutyType], { description: "Team, opinion watch, consultation, by due time" }) duties: AccidentDutyType[];
  @Field(() => AccidentClosureBasis, { nullable: true }) closureBasis: AccidentClosureBasis | null;
  @Field(() => AccidentAgreementType, { nullable: true }) agreement: AccidentAgreementType | null;
  @Field(() => AccidentLegalRouteType, { nullable: true }) legalRoute: AccidentLegalRouteType | null;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field(() => String, { nullable: true }) closedBy: string | null;

  static from(c: AccidentCaseEntity, duties: readonly AccidentDutyEntity[]): AccidentCaseType {
    const id = (v: number | null) => (v === null ? null : String(v));
    const a = c.closureBasis === AccidentClosureBasis.AGREEMENT ? (c.closure as AgreementClosure) : null;
    const l = c.closureBasis === AccidentClosureBasis.LEGAL_ROUTE ? (c.closure as LegalRouteClosure) : null;
    return Object.assign(new AccidentCaseType(), {
      ...c,
      id: String(c.id),
      localityOrgId: String(c.localityOrgId),
      petitionId: id(c.petitionId),
      matterId: id(c.matterId),
      ledgerEntryId: id(c.ledgerEntryId),
      duties: duties.filter((d) => d.caseId === c.id).map(AccidentDutyType.from),
      agreement: a && { ...a, date: new Date(a.date) },
      legalRoute: l && { ...l, date: new Date(l.date) },
    });
  }
}
