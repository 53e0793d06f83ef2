import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { UrgentReportRecipient } from "../../domain/bottom-lines/bottom-line-terms";
import { dateColumn, textColumn } from "./columns";

/** One report of a breach's urgent report chain (Art. 25): to whom, due when, made when and by whom. */
@Entity("urgent_report")
@Index("IDX_urgent_report_breach", ["breachId", "recipient"], { unique: true })
@Index("IDX_urgent_report_due", ["reportedAt", "dueAt"])
export class UrgentReportEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  breachId: number;

  @Column(textColumn(30))
  recipient: UrgentReportRecipient;

  @Column(dateColumn())
  dueAt: Date;

  @Column(dateColumn({ nullable: true }))
  reportedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  reportedBy: string | null;

  /** When it was found late (recorded after `dueAt`, or still unrecorded by the sweep); its candidate is raised then. */
  @Column(dateColumn({ nullable: true }))
  lateAt: Date | null;
}
