import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import type { ReferralResponse } from "../../domain/referrals/referral-lifecycle";
import { ReferralDirection, ReferralRole, ReferralState } from "../../domain/referrals/referral-terms";
import { dateColumn, textColumn } from "./columns";
import { LIMITS } from "../../domain/limits";

/** A joint-handling referral between the bureau and a partner agency or special unit. */
@Entity("referral")
@Index(["petitionId", "agencyOrgId", "direction"], { unique: true })
@Index(["agencyOrgId", "state", "id"])
@Index(["state", "responseDueAt"])
export class ReferralEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Null for an inbound case an agency raised that the bureau has not registered yet. */
  @Column({ type: "int", nullable: true })
  petitionId: number | null;

  @Column({ type: "int" })
  agencyOrgId: number;

  @Column(textColumn(10))
  direction: ReferralDirection;

  @Column(textColumn(12))
  role: ReferralRole;

  @Column(textColumn(14))
  state: ReferralState;

  @Column({ type: "simple-array" })
  expected: string[];

  @Column(textColumn(300))
  reason: string;

  @Column(dateColumn())
  responseDueAt: Date;

  @Column(dateColumn({ nullable: true })) returnDueAt: Date | null;
  @Column(textColumn(LIMITS.externalRef, { nullable: true })) externalRef: string | null;
  @Column(dateColumn({ nullable: true })) deliveredAt: Date | null;
  @Column(dateColumn({ nullable: true })) acknowledgedAt: Date | null;
  @Column(dateColumn({ nullable: true })) respondedAt: Date | null;
  @Column(dateColumn({ nullable: true })) returnedAt: Date | null;
  @Column(textColumn(LIMITS.reason, { nullable: true })) returnReason: string | null;
  @Column(dateColumn({ nullable: true })) escalatedAt: Date | null;
  @Column(dateColumn({ nullable: true })) closedAt: Date | null;
  /** When a status poll last read it from its agency (null: never): polling takes the least recently polled first. */
  @Column(dateColumn({ nullable: true })) lastPolledAt: Date | null;

  @Column({ type: "simple-json", nullable: true })
  response: ReferralResponse | null;

  /** Inbound only: what the agency reported, until the bureau registers it as a petition. */
  @Column({ type: "simple-json", nullable: true })
  raised: Record<string, unknown> | null;

  @Column(dateColumn())
  createdAt: Date;

  @Column(dateColumn())
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
