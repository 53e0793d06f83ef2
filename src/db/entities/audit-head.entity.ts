import { Column, Entity, PrimaryColumn } from "typeorm";
import { bigintNumber } from "./audit-entry.entity";
import { textColumn } from "./columns";

/**
 * The single chain-head row (id 1) of the audit log: the last appended seq and hash. Every append locks it
 * (`SELECT … FOR UPDATE` on MySQL) inside the appending transaction, so appends serialise and the chain
 * never forks. The migration inserts it.
 */
@Entity("audit_head")
export class AuditHeadEntity {
  @PrimaryColumn({ type: "int" })
  id: number;

  @Column({ type: "bigint", transformer: bigintNumber })
  seq: number;

  @Column(textColumn(64))
  hash: string;
}
