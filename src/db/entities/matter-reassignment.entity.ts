import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { ReassignmentState } from "../../domain/visit-once/matter-owner";
import { dateColumn, textColumn } from "./columns";

/**
 * A request to move a matter's first receiving unit (首接首办) to another petition department, with its reason and who
 * asked, and the higher level's decision with who decided and why. At most one PENDING per matter (checked by the
 * request command under the matter's lock). Rows are never deleted: they are the audit of ownership.
 */
@Entity("matter_reassignment")
@Index("IDX_matter_reassignment_matter", ["matterId", "id"])
export class MatterReassignmentEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  matterId: number;

  @Column({ type: "int" })
  fromOrgId: number;

  @Column({ type: "int" })
  toOrgId: number;

  @Column(textColumn(1000))
  reason: string;

  @Column(textColumn(10))
  state: ReassignmentState;

  @Column(textColumn(200))
  requestedBy: string;

  @Column({ type: "int" })
  requestedByOrgId: number;

  @Column(dateColumn())
  requestedAt: Date;

  @Column(textColumn(200, { nullable: true }))
  decidedBy: string | null;

  @Column({ type: "int", nullable: true })
  decidedByOrgId: number | null;

  @Column(dateColumn({ nullable: true }))
  decidedAt: Date | null;

  @Column(textColumn(1000, { nullable: true }))
  decisionNote: string | null;
}
