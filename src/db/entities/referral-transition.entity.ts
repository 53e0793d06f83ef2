import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";
import { LIMITS } from "../../domain/limits";

/** One recorded move of a referral (its timeline). Append-only. */
@Entity("referral_transition")
@Index(["referralId", "id"])
export class ReferralTransitionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  referralId: number;

  @Column(textColumn(20))
  event: string;

  @Column(textColumn(14, { nullable: true }))
  fromState: string | null;

  @Column(textColumn(14))
  toState: string;

  @Column(textColumn(LIMITS.subject))
  actor: string;

  @Column({ type: "int", nullable: true })
  actorOrgId: number | null;

  @Column(textColumn(LIMITS.reason, { nullable: true }))
  reason: string | null;

  @Column({ type: "simple-json", nullable: true })
  details: Record<string, unknown> | null;

  @Column(textColumn(LIMITS.requestId, { nullable: true }))
  requestId: string | null;

  @Column(dateColumn())
  at: Date;
}
