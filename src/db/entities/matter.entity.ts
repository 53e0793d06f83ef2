import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";

/**
 * A petition matter (信访事项): every item opens its own; a person links items of the same matter to one
 * (petition.matterLink, matter_link_decision). Termination is recorded per matter.
 */
@Entity("matter")
export class MatterEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /**
   * Keyed hash (`<index kid>:<HMAC>`, the blind-index key) of the normalised facts and the petitioners' identity the
   * matter was opened with: a record only, it links and refuses nothing (Art. 22). Keyed, because an unkeyed hash
   * over an ID number can be brute-forced.
   */
  @Index()
  @Column(textColumn(90))
  factsFingerprint: string;

  /**
   * 首接首办: the first receiving unit, which owns the matter to its end — the petition department that registered the
   * matter's first item, changed only by an approved reassignment (matter_reassignment). Null only for matters of
   * rows older than the VisitOnce migration that had no item.
   */
  @Column({ type: "int", nullable: true })
  firstReceivingOrgId: number | null;

  @Column(dateColumn({ nullable: true }))
  terminatedAt: Date | null;

  @Column(dateColumn())
  createdAt: Date;
}
