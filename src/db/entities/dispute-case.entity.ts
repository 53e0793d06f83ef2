import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { DisputeCaseKind, DisputeCaseState } from "../../domain/early-warning/dispute-case-terms";
import { dateColumn, textColumn } from "./columns";

/**
 * A mediation (矛盾纠纷调解) or pre-petition (访前化解) case opened by a ledger entry's consultation. It names no
 * person beyond the owner: the people involved stay in the entry, and a petition, if one follows, is linked by id.
 */
@Entity("dispute_case")
@Index("IDX_dispute_case_consultation", ["consultationId"], { unique: true })
@Index("IDX_dispute_case_locality", ["localityOrgId", "id"])
@Index("IDX_dispute_case_due", ["state", "dueAt"])
@Index("IDX_dispute_case_entry", ["entryId"])
export class DisputeCaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column(textColumn(20))
  kind: DisputeCaseKind;

  @Column({ type: "int" })
  entryId: number;

  /** The consultation that opened the case (one case per consultation). */
  @Column({ type: "int" })
  consultationId: number;

  /** The entry's locality, which owns the case. */
  @Column({ type: "int" })
  localityOrgId: number;

  /** The consultation's owner of the follow-up. */
  @Column(textColumn(100))
  owner: string;

  /** The consultation's dueAt. */
  @Column(dateColumn())
  dueAt: Date;

  @Column(textColumn(20))
  state: DisputeCaseState;

  @Column(dateColumn())
  openedAt: Date;

  @Column(textColumn(100))
  openedBy: string;

  /** Set once by the sweep when the case was still open past its due time (the flag). */
  @Column(dateColumn({ nullable: true }))
  overdueAt: Date | null;

  @Column(textColumn(2000, { nullable: true }))
  outcomeNote: string | null;

  @Column(dateColumn({ nullable: true }))
  closedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  closedBy: string | null;

  /** The petition the matter went on to (named when a case failed), or the one the consultation was linked to. */
  @Column({ type: "int", nullable: true })
  petitionId: number | null;
}
