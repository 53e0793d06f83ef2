import { Column, Entity, Index, PrimaryColumn, ValueTransformer } from "typeorm";
import type { AuditJson } from "../../domain/audit/audit-chain";
import { dateColumn, textColumn } from "./columns";
import { ACTOR_LENGTH, LIMITS } from "../../domain/limits";

/** bigint on disk (mysql2 returns it as a string), a JS number in code: exact up to 2^53 entries. */
export const bigintNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
};

/**
 * One entry of the hash-chained audit log (see src/domain/audit/audit-chain.ts). Append-only: no code path
 * updates or deletes rows; `seq` is assigned by the appender under the chain-head lock, so it has no gaps.
 */
@Entity("audit_log")
@Index(["petitionId", "seq"])
@Index(["actorOrgId", "seq"])
@Index(["actorSubject", "seq"])
@Index(["at"])
export class AuditEntryEntity {
  @PrimaryColumn({ type: "bigint", transformer: bigintNumber })
  seq: number;

  @Column(dateColumn())
  at: Date;

  @Column(textColumn(10))
  alg: string;

  /** The subject, or `subject via gateway`. */
  @Column(textColumn(ACTOR_LENGTH))
  actorSubject: string;

  @Column({ type: "int", nullable: true })
  actorOrgId: number | null;

  @Column({ type: "int", nullable: true })
  onBehalfOfOrgId: number | null;

  /** The principal's roles at the time, as a JSON array. */
  @Column({ type: "simple-json" })
  roles: string[];

  @Column(textColumn(100))
  action: string;

  @Column(textColumn(40, { nullable: true }))
  resourceType: string | null;

  @Column(textColumn(200, { nullable: true }))
  resourceId: string | null;

  @Column({ type: "int", nullable: true })
  petitionId: number | null;

  /** `OK` or the stable error code of the refusal/failure. */
  @Column(textColumn(60))
  outcome: string;

  @Column(textColumn(LIMITS.requestId, { nullable: true }))
  requestId: string | null;

  @Column(textColumn(64, { nullable: true }))
  clientIp: string | null;

  /** Ids, codes and field names only; never personal-data values. */
  @Column({ type: "simple-json", nullable: true })
  details: { [k: string]: AuditJson | undefined } | null;

  @Column(textColumn(64))
  prevHash: string;

  @Column(textColumn(64))
  hash: string;
}
