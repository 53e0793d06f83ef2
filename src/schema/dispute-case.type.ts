import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { DisputeCaseKind, DisputeCaseState } from "../domain/early-warning/dispute-case-terms";
import { DisputeCaseEntity } from "../db/entities";

registerEnumType(DisputeCaseKind, { name: "DisputeCaseKind", description: "MEDIATION = 矛盾纠纷调解; PRE_PETITION = 访前化解 (resolved before any petition is filed)" });
registerEnumType(DisputeCaseState, { name: "DisputeCaseState" });

/** How a case may be closed (GraphQL): the final states only. */
export enum DisputeCaseOutcomeArg {
  RESOLVED = "RESOLVED",
  FAILED = "FAILED",
}
registerEnumType(DisputeCaseOutcomeArg, { name: "DisputeCaseOutcome" });

@ObjectType("DisputeCase", { description: "A mediation or pre-petition case opened by a ledger entry's consultation" })
export class DisputeCaseType {
  @Field(() => ID) id: string;
  @Field(() => DisputeCaseKind) kind: DisputeCaseKind;
  @Field(() => ID) entryId: string;
  @Field(() => ID) consultationId: string;
  @Field(() => ID) localityOrgId: string;
  @Field({ description: "The consultation's owner of the follow-up" }) owner: string;
  @Field({ description: "The consultation's due time" }) dueAt: Date;
  @Field(() => DisputeCaseState) state: DisputeCaseState;
  @Field() openedAt: Date;
  @Field() openedBy: string;
  @Field({ description: "Flagged by the sweep: still open past its due time" }) overdue: boolean;
  @Field(() => Date, { nullable: true }) overdueAt: Date | null;
  @Field(() => String, { nullable: true }) outcomeNote: string | null;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;
  @Field(() => String, { nullable: true }) closedBy: string | null;
  @Field(() => ID, { nullable: true, description: "The petition the matter went on to, or the one the consultation was linked to" }) petitionId: string | null;

  static from(e: DisputeCaseEntity): DisputeCaseType {
    const id = (v: number | null) => (v === null ? null : String(v));
    return Object.assign(new DisputeCaseType(), { ...e, id: String(e.id), entryId: String(e.entryId), consultationId: String(e.consultationId), localityOrgId: String(e.localityOrgId), overdue: e.overdueAt !== null, petitionId: id(e.petitionId) });
  }
}

@InputType()
export class CloseDisputeCaseInput {
  @Field(() => DisputeCaseOutcomeArg) outcome: DisputeCaseOutcomeArg;
  @Field({ description: "1–2000 characters" }) note: string;
  @Field(() => ID, { nullable: true, description: "FAILED only: the petition the matter went on to (one the caller sees)" }) petitionId?: string | null;
}
