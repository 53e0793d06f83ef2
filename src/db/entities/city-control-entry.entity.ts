import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { CityAcceptance } from "../../domain/city-visit/city-visit-terms";
import { dateColumn, textColumn } from "./columns";

/**
 * An entry of the city-controlled list (市控) and the fast-track record of the city-level visit that opened it: the
 * responsible locality, review date, the resolution deadline the city bureau set, level skipping and the acceptance
 * decision (Art. 19). One per petition; delisting keeps the row with who, when and why.
 */
@Entity("city_control_entry")
@Index("IDX_city_control_locality", ["localityOrgId", "id"])
export class CityControlEntryEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index("IDX_city_control_petition", { unique: true })
  @Column({ type: "int" })
  petitionId: number;

  /** Why the matter is city-controlled (from the visit's summary, no personal data). */
  @Column(textColumn(500))
  reason: string;

  /** The responsible unit: the petition's locality. */
  @Column({ type: "int" })
  localityOrgId: number;

  /** The responsible person (包案领导), when named; may be set later. */
  @Column(textColumn(100, { nullable: true }))
  responsiblePerson: string | null;

  @Column(dateColumn())
  reviewDueAt: Date;

  /** The resolution deadline the city bureau sets and supervises (not a statutory clock of the petition). */
  @Column(dateColumn())
  resolutionDueAt: Date;

  @Column(textColumn(100))
  resolutionDueSetBy: string;

  @Column({ type: "boolean", default: false })
  levelSkipped: boolean;

  @Column(textColumn(30))
  acceptance: CityAcceptance;

  /** Art. 19: the lower-level item still within its handling period. */
  @Column({ type: "int", nullable: true })
  lowerPetitionId: number | null;

  @Column(dateColumn())
  listedAt: Date;

  @Column(textColumn(100))
  listedBy: string;

  @Column(dateColumn({ nullable: true }))
  delistedAt: Date | null;

  @Column(textColumn(100, { nullable: true }))
  delistedBy: string | null;

  @Column(textColumn(500, { nullable: true }))
  delistReason: string | null;

  /** When the sweep found the petition unresolved past resolutionDueAt (once per deadline; a new deadline clears it). */
  @Column(dateColumn({ nullable: true }))
  resolutionOverdueAt: Date | null;

  /** When the sweep found the entry past reviewDueAt; cleared by the bureau's review, so the next round is watched. */
  @Column(dateColumn({ nullable: true }))
  reviewOverdueAt: Date | null;
}
