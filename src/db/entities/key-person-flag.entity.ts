import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { BottomLine } from "../../domain/bottom-lines/bottom-line-terms";
import { dateColumn, textColumn } from "./columns";

/**
 * A key-person marker (重点人员) on a petition: its petitioners are known to plan a visit to the province or Beijing.
 * The marker points at the petition, so no personal data is copied; one per petition and line.
 */
@Entity("key_person_flag")
@Index("IDX_key_person_flag_petition", ["petitionId", "line"], { unique: true })
export class KeyPersonFlagEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  petitionId: number;

  /** PROVINCE_GROUP or BEIJING_GROUP: the line the marker warns of. */
  @Column(textColumn(20))
  line: BottomLine;

  @Column(textColumn(500))
  reason: string;

  /** The petition's locality when flagged (the owner of the pre-alert). */
  @Column({ type: "int" })
  localityOrgId: number;

  @Column(dateColumn())
  flaggedAt: Date;

  @Column(textColumn(100))
  flaggedBy: string;
}
