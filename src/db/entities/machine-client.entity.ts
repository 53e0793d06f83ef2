import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { JWK } from "jose";
import { Role } from "../../domain/petition-terms";
import { MachineClientAuthMethod } from "../../domain/access/machine-clients";
import { dateColumn, textColumn } from "./columns";
import { LIMITS } from "../../domain/limits";

/**
 * A partner system's OAuth 2.0 client (client-credentials grant). The secret is stored only as a scrypt hash;
 * a `private_key_jwt` client stores its public JWK instead. Revoked clients stay as records (audit, history).
 */
@Entity("machine_client")
export class MachineClientEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** The public `client_id`, also the `sub` of the tokens it gets. */
  @Index({ unique: true })
  @Column(textColumn(64))
  clientId: string;

  @Column(textColumn(LIMITS.clientName))
  name: string;

  @Column({ type: "int" })
  orgId: number;

  @Column({ type: "simple-json" })
  roles: Role[];

  @Column(textColumn(24))
  authMethod: MachineClientAuthMethod;

  /** `scrypt$N$r$p$salt$hash` (base64url); null for private_key_jwt clients. */
  @Column(textColumn(200, { nullable: true }))
  secretHash: string | null;

  /** The registered public key (a JWK without private members); null for secret clients. */
  @Column({ type: "simple-json", nullable: true })
  publicJwk: JWK | null;

  @Column(dateColumn())
  createdAt: Date;

  @Column(textColumn(LIMITS.subject))
  createdBy: string;

  @Column(dateColumn({ nullable: true }))
  rotatedAt: Date | null;

  @Column(dateColumn({ nullable: true }))
  revokedAt: Date | null;

  @Column(textColumn(LIMITS.subject, { nullable: true }))
  revokedBy: string | null;
}
