import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";
import { LIMITS } from "../../domain/limits";

/** One recorded lifecycle move: who, when, why, on what legal basis, on whose behalf. Append-only. */
@Entity("petition_transition")
@Index(["petitionId", "id"])
export class PetitionTransitionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  petitionId: number;

  @Column(textColumn(30))
  event: string;

  @Column(textColumn(30, { nullable: true }))
  fromState: string | null;

  @Column(textColumn(30))
  toState: string;

  @Column(textColumn(LIMITS.subject))
  actor: string;

  @Column({ type: "int", nullable: true })
  actorOrgId: number | null;

  @Column({ type: "int", nullable: true })
  onBehalfOfOrgId: number | null;

  @Column(textColumn(LIMITS.reason, { nullable: true }))
  reason: string | null;

  @Column(textColumn(80))
  legalBasis: string;

  @Column({ type: "simple-json", nullable: true })
  details: Record<string, unknown> | null;

  @Column(textColumn(LIMITS.requestId, { nullable: true }))
  requestId: string | null;

  @Column(dateColumn())
  at: Date;
}
