import { Entity, Index, PrimaryColumn } from "typeorm";

/**
 * Why an organisation may see a petition. Maintained by commands; read paths join on it (deny by default).
 * FORMER marks a party whose reason ended (objection upheld, handler reassigned, referral returned or closed): it no
 * longer sees the petition, only its own recorded actions (`myPetitionActions`).
 */
export type AccessReason = "LOCALITY" | "REGISTERING" | "HANDLER" | "REVIEWER" | "REFERRAL" | "FORMER" | "MATTER_OWNER";

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
