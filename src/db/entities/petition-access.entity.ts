import { Entity, Index, PrimaryColumn } from "typeorm";

/** Why an organisation may see a petition. Maintained by commands; read paths join on it (deny by default). */
export type AccessReason = "LOCALITY" | "REGISTERING" | "HANDLER" | "REVIEWER" | "REFERRAL";

@Entity("petition_access")
@Index(["orgId", "petitionId"])
export class PetitionAccessEntity {
  @PrimaryColumn({ type: "int" })
  petitionId: number;

  @PrimaryColumn({ type: "int" })
  orgId: number;

  @PrimaryColumn({ type: "varchar", length: 20 })
  reason: AccessReason;
}
