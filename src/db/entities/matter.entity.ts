import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";

/** A petition matter (信访事项): items about the same facts link here; termination is recorded per matter. */
@Entity("matter")
export class MatterEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Hash of the normalised facts and the petitioner's identity, to refuse the same facts after termination. */
  @Index()
  @Column(textColumn(64))
  factsFingerprint: string;

  @Column(dateColumn({ nullable: true }))
  terminatedAt: Date | null;

  @Column(dateColumn())
  createdAt: Date;
}
