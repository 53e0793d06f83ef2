import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";

/** Events written in the command's transaction; the relay moves them to BullMQ (jobId = id). */
@Entity("outbox")
@Index(["sentAt", "id"])
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column(textColumn(60))
  type: string;

  @Column(textColumn(30))
  aggregateType: string;

  @Column(textColumn(40))
  aggregateId: string;

  @Column({ type: "simple-json" })
  payload: Record<string, unknown>;

  @Column(dateColumn())
  createdAt: Date;

  @Column(dateColumn({ nullable: true }))
  sentAt: Date | null;

  @Column({ type: "int", default: 0 })
  attempts: number;
}
