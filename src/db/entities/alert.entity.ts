import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../../domain/alerts/alert-terms";
import { dateColumn, textColumn } from "./columns";

/** An alert (预警) to an owning organisation: raised by rules, acknowledged and closed by people. */
@Entity("alert")
@Index("IDX_alert_owner", ["ownerOrgId", "id"])
@Index("IDX_alert_subject", ["subjectType", "subjectId"])
@Index("IDX_alert_ack_due", ["ackDueAt"])
export class AlertEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** One alert per cause (e.g. `ledger-overdue:12`): a repeated sweep or retried command raises nothing twice. */
  @Index("IDX_alert_dedupe", { unique: true })
  @Column(textColumn(120))
  dedupeKey: string;

  @Column(textColumn(40))
  kind: AlertKind;

  @Column(textColumn(10))
  severity: AlertSeverity;

  @Column({ type: "int" })
  ownerOrgId: number;

  /** The owning person when known (a consultation's owner, a case's leader). */
  @Column(textColumn(100, { nullable: true }))
  ownerPerson: string | null;

  @Column(textColumn(20))
  subjectType: AlertSubjectType;

  @Column({ type: "int" })
  subjectId: number;

  @Column(textColumn(500))
  message: string;

  @Column({ type: "simple-json" })
  requiredActions: string[];

  @Column(dateColumn())
  raisedAt: Date;

  @Column(dateColumn())
  ackDueAt: Date;

  /** When the sweep found it unsigned past `ackDueAt` and escalated it (once). */
  @Column(dateColumn({ nullable: true }))
  ackOverdueAt: Date | null;

  @Column(dateColumn({ nullable: true }))
  acknowledgedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  acknowledgedBy: string | null;

  @Column(dateColumn({ nullable: true }))
  closedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  closedBy: string | null;

  @Column(textColumn(500, { nullable: true }))
  closeNote: string | null;
}
