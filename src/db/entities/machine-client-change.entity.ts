import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { dateColumn, textColumn } from "./columns";
import { LIMITS } from "../../domain/limits";

/** Append-only history of machine-client administration (created, secret rotated, revoked): who, when, why. */
@Entity("machine_client_change")
@Index(["machineClientId", "id"])
export class MachineClientChangeEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  machineClientId: number;

  @Column(textColumn(20))
  action: string;

  @Column(textColumn(LIMITS.subject))
  actor: string;

  @Column({ type: "int", nullable: true })
  actorOrgId: number | null;

  /** What changed, without secrets (roles, auth method, key thumbprint). */
  @Column({ type: "simple-json" })
  details: Record<string, unknown>;

  @Column(textColumn(LIMITS.requestId, { nullable: true }))
  requestId: string | null;

  @Column(dateColumn())
  at: Date;
}
