import { Entity, Index, PrimaryColumn } from "typeorm";
import { SpecialGroup } from "../../domain/petition-terms";

/** Special-group tag of a petition, one row per tag so lists can filter by group with an index. */
@Entity("petition_group")
@Index(["group", "petitionId"])
export class PetitionGroupEntity {
  @PrimaryColumn({ type: "int" })
  petitionId: number;

  @PrimaryColumn({ type: "varchar", length: 30 })
  group: SpecialGroup;
}
