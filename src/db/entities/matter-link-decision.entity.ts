import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { MatterLinkDecision } from "../../domain/matters/matter-link";
import { dateColumn, textColumn } from "./columns";

/**
 * A person's decision on an item's matter: linked to an earlier item's matter, unlinked into a matter of its own, or
 * a suggestion rejected. Append-only; the latest REJECTED/LINKED row of a pair decides whether it is still suggested.
 */
@Entity("matter_link_decision")
@Index("IDX_matter_link_decision_petition", ["petitionId", "id"])
export class MatterLinkDecisionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  petitionId: number;

  /** The earlier item the decision was about (the suggestion or link target); null for an unlink. */
  @Column({ type: "int", nullable: true })
  otherPetitionId: number | null;

  @Column(textColumn(12))
  decision: MatterLinkDecision;

  @Column({ type: "int" })
  fromMatterId: number;

  @Column({ type: "int" })
  toMatterId: number;

  @Column(textColumn(1000))
  reason: string;

  @Column(textColumn(200))
  actor: string;

  @Column({ type: "int" })
  actorOrgId: number;

  @Column(dateColumn())
  at: Date;
}
