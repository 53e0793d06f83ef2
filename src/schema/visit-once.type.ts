import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { ReassignmentState } from "../domain/visit-once/matter-owner";
import { OneVisitRate } from "../domain/visit-once/one-visit-rate";
import { MatterReassignmentEntity } from "../db/entities";
import { OrganizationType } from "./organization.type";

registerEnumType(ReassignmentState, { name: "ReassignmentState", description: "PENDING until a higher level approves or refuses (both final)" });

@ObjectType("MatterReassignment", { description: "A request to move a matter's first receiving unit (首接首办), with its reason and a higher level's decision" })
export class MatterReassignmentType {
  @Field(() => ID) id: string;
  @Field(() => ID) matterId: string;
  @Field(() => ID, { description: "The owner the request moves the matter from" }) fromOrgId: string;
  @Field(() => ID) toOrgId: string;
  @Field() reason: string;
  @Field(() => ReassignmentState) state: ReassignmentState;
  @Field() requestedBy: string;
  @Field(() => ID) requestedByOrgId: string;
  @Field() requestedAt: Date;
  @Field(() => String, { nullable: true }) decidedBy: string | null;
  @Field(() => ID, { nullable: true }) decidedByOrgId: string | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) decisionNote: string | null;

  static from(e: MatterReassignmentEntity): MatterReassignmentType {
    const id = (v: number | null) => (v === null ? null : String(v));
    return Object.assign(new MatterReassignmentType(), { ...e, id: String(e.id), matterId: String(e.matterId), fromOrgId: String(e.fromOrgId), toOrgId: String(e.toOrgId), requestedByOrgId: String(e.requestedByOrgId), decidedByOrgId: id(e.decidedByOrgId) });
  }
}

@ObjectType("Matter", { description: "A petition matter (信访事项) and its owner to the end, the first receiving unit (首接首办)" })
export class MatterType {
  @Field(() => ID) id: string;
  @Field(() => OrganizationType, { nullable: true, description: "The petition department that registered the matter's first item, unless an approved reassignment moved it" })
  firstReceivingUnit: OrganizationType | null;
  @Field(() => [MatterReassignmentType], { description: "Reassignment requests, oldest first; petition departments only (empty for others)" })
  reassignments: MatterReassignmentType[];
}

@ObjectType("OneVisitRate", { description: "一次性化解率: of the matters whose first item was received in the period and has been resolved, the share with no later in-person visit" })
export class OneVisitRateType implements OneVisitRate {
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => ID, { nullable: true }) localityOrgId: string | null;
  @Field(() => Int, { description: "Matters whose first item (received in the period, in the locality, visible to the caller) reached a resolved state" }) resolvedFirstItems: number;
  @Field(() => Int, { description: "Of those, the matters without another in-person visit" }) withoutRepeatVisit: number;
  @Field(() => Float, { nullable: true, description: "withoutRepeatVisit / resolvedFirstItems; null when there is none" }) rate: number | null;
}

@ObjectType("DashboardVisitOnce", { description: "最多访一次 on the command screen: the one-visit rate of the last days and open repeat-visit alerts, in the caller's scope" })
export class DashboardVisitOnceType {
  @Field(() => Int) windowDays: number;
  @Field(() => Int) resolvedFirstItems: number;
  @Field(() => Int) withoutRepeatVisit: number;
  @Field(() => Float, { nullable: true }) rate: number | null;
  @Field(() => Int, { description: "Open REPEAT_VISIT alerts the caller's organisation owns (the city bureau: all)" }) openRepeatVisitAlerts: number;
}
