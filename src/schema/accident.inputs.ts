import { Field, Float, ID, InputType, Int } from "type-graphql";
import { AccidentKind, AccidentLegalRoute } from "../domain/accidents/accident-terms";
import { RiskGrade } from "../domain/early-warning/ledger-terms";
import "./accident.enums";
import "./early-warning.enums";

@InputType()
export class OpenAccidentCaseInput {
  @Field(() => ID) localityOrgId: string;
  @Field(() => AccidentKind) kind: AccidentKind;
  @Field(() => Int) casualties: number;
  @Field() occurredAt: Date;
  @Field() place: string;
  @Field({ description: "What happened, without names or ID numbers of the dead or injured" }) summary: string;
  @Field({ description: "The leader who owns the case (包案领导)" }) leader: string;
  @Field(() => ID, { nullable: true }) petitionId?: string | null;
  @Field(() => ID, { nullable: true }) matterId?: string | null;
  @Field(() => ID, { nullable: true }) ledgerEntryId?: string | null;
}

@InputType()
export class AccidentTeamMemberInput {
  @Field() name: string;
  @Field() unit: string;
}

@InputType()
export class AccidentTeamInput {
  @Field() leader: string;
  @Field(() => [AccidentTeamMemberInput]) members: AccidentTeamMemberInput[];
}

@InputType()
export class AccidentConsultationInput {
  @Field(() => [String]) participants: string[];
  @Field() assessment: string;
  @Field(() => RiskGrade, { description: "At or above LEDGER_ALERT_GRADE raises an ACCIDENT_HIGH_RISK alert" }) grade: RiskGrade;
}

@InputType()
export class AccidentOpinionWatchInput {
  @Field() startedAt: Date;
  @Field(() => [String]) channels: string[];
  @Field() findings: string;
}

@InputType()
export class AccidentAgreementInput {
  @Field() date: Date;
  @Field(() => [String]) parties: string[];
  @Field() reference: string;
  @Field(() => Float, { nullable: true }) amount?: number | null;
}

@InputType()
export class AccidentLegalRouteInput {
  @Field(() => AccidentLegalRoute) route: AccidentLegalRoute;
  @Field({ description: "The court, arbitration commission or reviewing organ" }) body: string;
  @Field() reference: string;
  @Field() date: Date;
}

@InputType({ description: "Exactly one of agreement or legalRoute" })
export class CloseAccidentCaseInput {
  @Field(() => AccidentAgreementInput, { nullable: true }) agreement?: AccidentAgreementInput | null;
  @Field(() => AccidentLegalRouteInput, { nullable: true }) legalRoute?: AccidentLegalRouteInput | null;
}
