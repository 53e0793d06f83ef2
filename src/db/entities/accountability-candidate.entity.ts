import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { AccountabilityCause, AccountabilitySubjectType } from "../../domain/accountability/accountability-terms";
import { dateColumn, textColumn } from "./columns";

/** An accountability candidate (责任追究线索): raised by a rule from a breach, coded to its article, reviewed by a person. */
@Entity("accountability_candidate")
@Index("IDX_accountability_candidate_reviewer", ["reviewerOrgId", "id"])
@Index("IDX_accountability_candidate_subject", ["subjectType", "subjectId"])
export class AccountabilityCandidateEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** One candidate per cause (e.g. `bottom-line:7`): a repeated sweep or retried command raises nothing twice. */
  @Index("IDX_accountability_candidate_dedupe", { unique: true })
  @Column(textColumn(120))
  dedupeKey: string;

  @Column(textColumn(40))
  cause: AccountabilityCause;

  /** The article the conduct falls under, as text (e.g. "信访工作条例 第四十四条"). */
  @Column(textColumn(80))
  article: string;

  @Column({ type: "int" })
  responsibleOrgId: number;

  @Column(textColumn(100, { nullable: true }))
  responsiblePerson: string | null;

  /** The responsible unit's supervisor when the candidate was raised: it reviews, and sees the candidate. */
  @Column({ type: "int", nullable: true })
  reviewerOrgId: number | null;

  @Column(textColumn(30))
  subjectType: AccountabilitySubjectType;

  @Column({ type: "int" })
  subjectId: number;

  @Column(textColumn(500))
  summary: string;

  @Column(dateColumn())
  raisedAt: Date;

  @Column(textColumn(100))
  raisedBy: string;

  @Column(dateColumn({ nullable: true }))
  reviewedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  reviewedBy: string | null;
}
