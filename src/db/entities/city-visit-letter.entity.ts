import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { LetterKind } from "../../domain/city-visit/city-visit-terms";
import { dateColumn, textColumn } from "./columns";

/** One of the three fast-track letters to a responsible locality, its required response and the locality's answer. */
@Entity("city_visit_letter")
@Index("IDX_city_visit_letter_recipient", ["recipientOrgId", "id"])
@Index("IDX_city_visit_letter_petition", ["petitionId", "id"])
@Index("IDX_city_visit_letter_due", ["respondedAt", "responseDueAt"])
export class CityVisitLetterEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  entryId: number;

  @Column({ type: "int" })
  petitionId: number;

  @Column(textColumn(30))
  kind: LetterKind;

  @Column({ type: "int" })
  year: number;

  @Column({ type: "int" })
  seq: number;

  /** e.g. 东信预〔2026〕7号 */
  @Index("IDX_city_visit_letter_number", { unique: true })
  @Column(textColumn(60))
  number: string;

  @Column({ type: "int" })
  recipientOrgId: number;

  @Column(textColumn(40))
  title: string;

  @Column(textColumn(200))
  requiredResponse: string;

  /** The rendered body paragraphs. */
  @Column({ type: "simple-json" })
  paragraphs: string[];

  @Column(dateColumn())
  issuedAt: Date;

  @Column(dateColumn())
  responseDueAt: Date;

  @Column(dateColumn({ nullable: true }))
  respondedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  respondedBy: string | null;

  @Column(textColumn(2000, { nullable: true }))
  responseText: string | null;

  /** The locality declared the matter not its own (a possible 推诿). */
  @Column({ type: "boolean", default: false })
  declaredNotOwn: boolean;

  /** When the city bureau rejected that declaration (buck-passing). */
  @Column(dateColumn({ nullable: true }))
  notOwnRejectedAt: Date | null;

  /** Set once by the sweep when the response was overdue and the letter went to supervision (督办). */
  @Column(dateColumn({ nullable: true }))
  supervisedAt: Date | null;

  /** The rendered PDF (documents, issue 9 item 6), when a writer is wired. */
  @Column({ type: "int", nullable: true })
  documentId: number | null;

  @Column(textColumn(64, { nullable: true }))
  sha256: string | null;
}
