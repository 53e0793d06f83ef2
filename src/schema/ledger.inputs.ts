import { Field, ID, InputType, Int } from "type-graphql";
import { ConsultationDecision, Reliability, RiskGrade, RiskType } from "../domain/early-warning/ledger-terms";
import "./early-warning.enums";

@InputType()
export class FileLedgerEntryInput {
  @Field() subject: string;
  @Field(() => Int) peopleCount: number;
  @Field(() => RiskType) riskType: RiskType;
  @Field(() => Reliability) reliability: Reliability;
  @Field(() => ID) localityOrgId: string;
  @Field({ description: "One of LEDGER_REPORTER_ROLES (default GRID_WORKER, MEDIATOR, JUDGE, PROSECUTOR, POLICE_OFFICER, ELDER_VOLUNTEER, LAWYER)" }) reporterRole: string;
  @Field() reporterName: string;
}

@InputType()
export class ConsultationInput {
  @Field(() => [String]) participants: string[];
  @Field() assessment: string;
  @Field(() => RiskGrade) grade: RiskGrade;
  @Field(() => ConsultationDecision) decision: ConsultationDecision;
  @Field() owner: string;
  @Field() dueAt: Date;
  @Field(() => ID, { nullable: true }) petitionId?: string | null;
  @Field(() => ID, { nullable: true }) matterId?: string | null;
}
