import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { ConsultationDecision, RiskGrade } from "../../domain/early-warning/ledger-terms";
import { dateColumn, textColumn } from "./columns";

/** One consultation (会商研判) of a ledger entry; an entry under monitoring may have several. */
@Entity("ledger_consultation")
@Index("IDX_ledger_consultation_entry", ["entryId", "id"])
export class LedgerConsultationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  entryId: number;

  /** Names and units of those who took part. */
  @Column({ type: "simple-json" })
  participants: string[];

  @Column(textColumn(2000))
  assessment: string;

  @Column(textColumn(10))
  grade: RiskGrade;

  @Column(textColumn(30))
  decision: ConsultationDecision;

  /** The person who owns the follow-up. */
  @Column(textColumn(100))
  owner: string;

  /** When the follow-up the decision asks for is due. */
  @Column(dateColumn())
  dueAt: Date;

  @Column({ type: "int", nullable: true })
  petitionId: number | null;

  @Column({ type: "int", nullable: true })
  matterId: number | null;

  @Column(textColumn(100))
  recordedBy: string;

  @Column(dateColumn())
  recordedAt: Date;
}
