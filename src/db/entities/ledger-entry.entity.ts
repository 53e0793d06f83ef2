import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { LedgerEntryState, Reliability, RiskType } from "../../domain/early-warning/ledger-terms";
import { dateColumn, textColumn } from "./columns";

/** One risk report in a ledger (台账), filed on behalf of a grid force (风闻奏事). */
@Entity("ledger_entry")
@Index("IDX_ledger_entry_due", ["state", "consultationDueAt"])
@Index("IDX_ledger_entry_locality", ["localityOrgId", "id"])
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column(textColumn(500))
  subject: string;

  /** Estimated number of people involved. */
  @Column({ type: "int" })
  peopleCount: number;

  @Column(textColumn(30))
  riskType: RiskType;

  @Column(textColumn(20))
  reliability: Reliability;

  /** The locality (county office) where the risk is; it owns the consultation. */
  @Column({ type: "int" })
  localityOrgId: number;

  /** The grid force's role (LEDGER_REPORTER_ROLES) and name as reported. */
  @Column(textColumn(40))
  reporterRole: string;

  @Column(textColumn(100))
  reporterName: string;

  @Column(textColumn(30))
  state: LedgerEntryState;

  @Column(textColumn(100))
  filedBy: string;

  @Column({ type: "int" })
  filedByOrgId: number;

  @Column(dateColumn())
  filedAt: Date;

  @Column(dateColumn())
  consultationDueAt: Date;

  /** Set once by the sweep when the consultation was not held in time (the flag). */
  @Column(dateColumn({ nullable: true }))
  consultationOverdueAt: Date | null;
}
