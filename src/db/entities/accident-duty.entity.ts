import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { AccidentDutyKind, DutyEvidence } from "../../domain/accidents/accident-terms";
import { dateColumn, textColumn } from "./columns";

/** One of a case's three duties (工作专班, 风险研判, 舆情监测), its due time, and its evidence once done. */
@Entity("accident_duty")
@Index("IDX_accident_duty_case_kind", ["caseId", "kind"], { unique: true })
@Index("IDX_accident_duty_due", ["dueAt"])
export class AccidentDutyEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  caseId: number;

  @Column(textColumn(30))
  kind: AccidentDutyKind;

  @Column(dateColumn())
  dueAt: Date;

  @Column(dateColumn({ nullable: true }))
  doneAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  doneBy: string | null;

  /** TeamEvidence | ConsultationEvidence | OpinionWatchEvidence, by kind. */
  @Column({ type: "simple-json", nullable: true })
  evidence: DutyEvidence | null;

  /** Set once by the sweep when the duty was not done in time (the flag). */
  @Column(dateColumn({ nullable: true }))
  overdueAt: Date | null;
}
