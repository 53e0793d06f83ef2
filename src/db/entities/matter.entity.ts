import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";

/** A petition matter (信访事项): items about the same facts link here; termination is recorded per matter. */
@Entity("matter")
export class MatterEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /**
   * Keyed hash (`<index kid>:<HMAC>`, the blind-index key) of the normalised facts and the petitioners' identity,
   * to refuse the same facts after termination. Keyed, because an unkeyed hash over an ID number can be brute-forced.
   */
  @Index()
  @Column(textColumn(90))
  factsFingerprint: string;

  @Column(dateColumn({ nullable: true }))
  terminatedAt: Date | null;

  @Column(dateColumn())
  createdAt: Date;
}
