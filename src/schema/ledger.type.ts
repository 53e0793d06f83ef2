import { Field, ID, Int, ObjectType } from "type-graphql";
import { ConsultationDecision, LedgerEntryState, Reliability, RiskGrade, RiskType } from "../domain/early-warning/ledger-terms";
import { LedgerConsultationEntity, LedgerEntryEntity } from "../db/entities";
import "./early-warning.enums";
import { DisputeCaseType } from "./dispute-case.type";

@ObjectType("LedgerConsultation", { description: "A consultation (会商研判) of a ledger entry" })
export class LedgerConsultationType {
  @Field(() => ID) id: string;
  @Field(() => [String]) participants: string[];
  @Field() assessment: string;
  @Field(() => RiskGrade) grade: RiskGrade;
  @Field(() => ConsultationDecision) decision: ConsultationDecision;
  @Field({ description: "The person who owns the follow-up" }) owner: string;
  @Field({ description: "When the decision's follow-up is due" }) dueAt: Date;
  @Field(() => ID, { nullable: true }) petitionId: string | null;
  @Field(() => ID, { nullable: true }) matterId: string | null;
  @Field() recordedBy: string;
  @Field() recordedAt: Date;

  static from(e: LedgerConsultationEntity): LedgerConsultationType {
    return Object.assign(new LedgerConsultationType(), { ...e, id: String(e.id), petitionId: e.petitionId === null ? null : String(e.petitionId), matterId: e.matterId === null ? null : String(e.matterId) });
  }
}

@ObjectType("LedgerEntry", { description: "A risk report in a locality's ledger (台账), filed for a grid force" })
export class LedgerEntryType {
  @Field(() => ID) id: string;
  @Field() subject: string;
  @Field(() => Int, { description: "Estimated number of people involved" }) peopleCount: number;
  @Field(() => RiskType) riskType: RiskType;
  @Field(() => Reliability) reliability: Reliability;
  @Field(() => ID) localityOrgId: string;
  @Field({ description: "One of LEDGER_REPORTER_ROLES" }) reporterRole: string;
  @Field() reporterName: string;
  @Field(() => LedgerEntryState) state: LedgerEntryState;
  @Field() filedBy: string;
  @Field() filedAt: Date;
  @Field() consultationDueAt: Date;
  @Field(() => Date, { nullable: true, description: "When the sweep flagged the consultation as overdue" }) consultationOverdueAt: Date | null;
  @Field({ description: "Flagged: no consultation in time" }) consultationOverdue: boolean;
  entityId: number;

  static from(e: LedgerEntryEntity): LedgerEntryType {
    return Object.assign(new LedgerEntryType(), { ...e, id: String(e.id), entityId: e.id, localityOrgId: String(e.localityOrgId), consultationOverdue: e.consultationOverdueAt !== null });
  }
}

@ObjectType("ConsultationResult")
export class ConsultationResultType {
  @Field(() => LedgerEntryType) entry: LedgerEntryType;
  @Field(() => LedgerConsultationType) consultation: LedgerConsultationType;
  @Field(() => DisputeCaseType, { nullable: true, description: "The case the decision opened (OPEN_MEDIATION_CASE, OPEN_PRE_PETITION_CASE)" }) disputeCase: DisputeCaseType | null;
}
