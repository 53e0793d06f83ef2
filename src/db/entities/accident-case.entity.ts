import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { AccidentCaseState, AccidentClosureBasis, AccidentKind, AgreementClosure, LegalRouteClosure } from "../../domain/accidents/accident-terms";
import { dateColumn, textColumn } from "./columns";

/**
 * An accidental death or injury case (意外伤亡). No personal data: the casualties are a count, the families are
 * reached through a linked petition (whose petitioners are stored encrypted), never copied here.
 */
@Entity("accident_case")
@Index("IDX_accident_case_locality", ["localityOrgId", "id"])
@Index("IDX_accident_case_state", ["state", "id"])
export class AccidentCaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** The locality (county office) where it happened; it owns the case and its duties. */
  @Column({ type: "int" })
  localityOrgId: number;

  @Column(textColumn(10))
  kind: AccidentKind;

  /** How many people died or were injured. */
  @Column({ type: "int" })
  casualties: number;

  @Column(dateColumn())
  occurredAt: Date;

  @Column(textColumn(200))
  place: string;

  @Column(textColumn(1000))
  summary: string;

  /** The leader who owns the case (包案领导), by name. */
  @Column(textColumn(100))
  leader: string;

  @Column({ type: "int", nullable: true })
  petitionId: number | null;

  @Column({ type: "int", nullable: true })
  matterId: number | null;

  @Column({ type: "int", nullable: true })
  ledgerEntryId: number | null;

  @Column(textColumn(10))
  state: AccidentCaseState;

  @Column(textColumn(100))
  openedBy: string;

  @Column({ type: "int" })
  openedByOrgId: number;

  @Column(dateColumn())
  openedAt: Date;

  @Column(textColumn(20, { nullable: true }))
  closureBasis: AccidentClosureBasis | null;

  /** The agreement or legal route the case was closed on (AgreementClosure | LegalRouteClosure). */
  @Column({ type: "simple-json", nullable: true })
  closure: AgreementClosure | LegalRouteClosure | null;

  @Column(dateColumn({ nullable: true }))
  closedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  closedBy: string | null;
}
