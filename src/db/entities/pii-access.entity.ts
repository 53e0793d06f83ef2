import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";
import { ACTOR_LENGTH, LIMITS } from "../../domain/limits";

/** Audit of every unmasked read of personal data. */
@Entity("pii_access")
@Index(["petitionerId", "at"])
export class PiiAccessEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  /** As in the audit log: the subject, or `subject via gateway`. */
  @Column(textColumn(ACTOR_LENGTH))
  actor: string;

  @Column({ type: "int", nullable: true })
  actorOrgId: number | null;

  @Column({ type: "int" })
  petitionId: number;

  @Column({ type: "int" })
  petitionerId: number;

  @Column(textColumn(60))
  field: string;

  @Column(textColumn(LIMITS.requestId, { nullable: true }))
  requestId: string | null;

  @Column(dateColumn())
  at: Date;
}
