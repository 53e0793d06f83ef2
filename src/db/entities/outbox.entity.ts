import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";

/** Events written in the command's transaction; the relay moves them to BullMQ (jobId = id). */
@Entity("outbox")
@Index(["sentAt", "id"])
@Index(["aggregateType", "aggregateId"])
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

  /** Relay attempts: the successful one, or each failure to parse or route the row (poison row). */
  @Column({ type: "int", default: 0 })
  attempts: number;

  /** Why the last attempt failed (poison rows); kept after success for the record. */
  @Column(textColumn(500, { nullable: true }))
  lastError: string | null;

  /** When the row was dead-lettered after the configured attempts; the relay skips it, operators see it in deadLetters. */
  @Column(dateColumn({ nullable: true }))
  deadAt: Date | null;

  /** The relay's lease: the row is being enqueued until then, outside any transaction (outbox-relay.ts). */
  @Column(dateColumn({ nullable: true }))
  claimedUntil: Date | null;
}
