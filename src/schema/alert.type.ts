import { Field, ID, ObjectType } from "type-graphql";
import { AlertKind, AlertSeverity, AlertState, alertState, AlertSubjectType } from "../domain/alerts/alert-terms";
import { AlertEntity } from "../db/entities";
import "./early-warning.enums";

@ObjectType("Alert", { description: "An alert to its owning organisation, with an acknowledgement deadline and required actions" })
export class AlertType {
  @Field(() => ID) id: string;
  @Field(() => AlertKind) kind: AlertKind;
  @Field(() => AlertSeverity) severity: AlertSeverity;
  @Field(() => AlertState) state: AlertState;
  @Field(() => ID) ownerOrgId: string;
  @Field(() => String, { nullable: true }) ownerPerson: string | null;
  @Field(() => AlertSubjectType) subjectType: AlertSubjectType;
  @Field(() => ID) subjectId: string;
  @Field() message: string;
  @Field(() => [String]) requiredActions: string[];
  @Field() raisedAt: Date;
  @Field() ackDueAt: Date;
  @Field(() => Date, { nullable: true, description: "When the sweep found it unsigned past ackDueAt and escalated it to the owner's supervisor" }) ackOverdueAt: Date | null;
  @Field(() => Date, { nullable: true }) acknowledgedAt: Date | null;
  @Field(() => String, { nullable: true }) acknowledgedBy: string | null;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field(() => String, { nullable: true }) closedBy: string | null;
  @Field(() => String, { nullable: true }) closeNote: string | null;

  static from(e: AlertEntity): AlertType {
    return Object.assign(new AlertType(), { ...e, id: String(e.id), state: alertState(e), ownerOrgId: String(e.ownerOrgId), subjectId: String(e.subjectId) });
  }
}
