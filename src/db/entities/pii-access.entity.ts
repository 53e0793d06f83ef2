import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";

/** Audit of every unmasked read of personal data. */
@Entity("pii_access")
@Index(["petitionerId", "at"])
export class PiiAccessEntity {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column(textColumn(100))
  actor: string;

  @Column({ type: "int", nullable: true })
  actorOrgId: number | null;

  @Column({ type: "int" })
  petitionId: number;

  @Column({ type: "int" })
  petitionerId: number;

  @Column(textColumn(60))
  field: string;

  @Column(textColumn(64, { nullable: true }))
  requestId: string | null;

  @Column(dateColumn())
  at: Date;
}
