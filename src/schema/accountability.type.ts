import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { AccountabilityCause, AccountabilityState, AccountabilitySubjectType } from "../domain/accountability/accountability-terms";
import { AccountabilityCandidateEntity } from "../db/entities";

registerEnumType(AccountabilityCause, { name: "AccountabilityCause", description: "The breach an accountability candidate was raised from" });
registerEnumType(AccountabilitySubjectType, { name: "AccountabilitySubjectType" });
registerEnumType(AccountabilityState, { name: "AccountabilityState" });

@ObjectType("AccountabilityCandidate", { description: "An accountability candidate (责任追究线索) raised by a rule, coded to its article, for a person to review" })
export class AccountabilityCandidateType {
  @Field(() => ID) id: string;
  @Field(() => AccountabilityCause) cause: AccountabilityCause;
  @Field({ description: "The article the conduct falls under (Arts. 42–46)" }) article: string;
  @Field(() => AccountabilityState) state: AccountabilityState;
  @Field(() => ID) responsibleOrgId: string;
  @Field(() => String, { nullable: true }) responsiblePerson: string | null;
  @Field(() => ID, { nullable: true, description: "The responsible unit's supervisor when raised: it reviews" }) reviewerOrgId: string | null;
  @Field(() => AccountabilitySubjectType) subjectType: AccountabilitySubjectType;
  @Field(() => ID) subjectId: string;
  @Field() summary: string;
  @Field() raisedAt: Date;
  @Field() raisedBy: string;
  @Field(() => Date, { nullable: true }) reviewedAt: Date | null;

  static from(e: AccountabilityCandidateEntity): AccountabilityCandidateType {
    return Object.assign(new AccountabilityCandidateType(), {
      ...e,
      id: String(e.id),
      state: e.reviewedAt ? AccountabilityState.REVIEWED : AccountabilityState.OPEN,
      responsibleOrgId: String(e.responsibleOrgId),
      reviewerOrgId: e.reviewerOrgId === null ? null : String(e.reviewerOrgId),
      subjectId: String(e.subjectId),
    });
  }
}
