import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { BottomLine, BreachSource } from "../../domain/bottom-lines/bottom-line-terms";
import { dateColumn, textColumn } from "./columns";

/**
 * A breach of one of the four bottom lines in a locality: what happened, when, and how the hub learned of it. Its
 * urgent report chain is in `urgent_report`; no personal data is kept here (the petition holds it).
 */
@Entity("bottom_line_breach")
@Index("IDX_bottom_line_breach_locality", ["localityOrgId", "line", "occurredAt"])
@Index("IDX_bottom_line_breach_line", ["line", "occurredAt"])
export class BottomLineBreachEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** One breach per cause (e.g. `petition:12`, `post:3`, `report:<uuid>`): a retried command records nothing twice. */
  @Index("IDX_bottom_line_breach_dedupe", { unique: true })
  @Column(textColumn(120))
  dedupeKey: string;

  @Column(textColumn(20))
  line: BottomLine;

  @Column(textColumn(30))
  source: BreachSource;

  /** The county/district whose problem it is (the owner of the alert). */
  @Column({ type: "int" })
  localityOrgId: number;

  /** People involved, when counted (lines 1–3). */
  @Column({ type: "int", nullable: true })
  headcount: number | null;

  /** The post's reach (line 4). */
  @Column({ type: "int", nullable: true })
  reach: number | null;

  @Column({ type: "int", nullable: true })
  petitionId: number | null;

  @Column({ type: "int", nullable: true })
  matterId: number | null;

  /** The leader who owns the locality's response (given in the report, else BOTTOM_LINE_LEADERS). */
  @Column(textColumn(100, { nullable: true }))
  owningLeader: string | null;

  @Column(textColumn(500))
  summary: string;

  /** When it happened (days since the last breach count from here). */
  @Column(dateColumn())
  occurredAt: Date;

  /** When the hub learned of it (the urgent reports are due from here). */
  @Column(dateColumn())
  recordedAt: Date;

  @Column(textColumn(100))
  recordedBy: string;
}
