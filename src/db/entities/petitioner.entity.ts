import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { textColumn } from "./columns";
import { LIMITS } from "../../domain/limits";

/**
 * A petitioner or representative. ID number, phone and group status are personal data: masked and audited on read;
 * ID number and phone are stored encrypted, with a masked copy and a blind index (docs/security.md).
 */
@Entity("petitioner")
export class PetitionerEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: "int" })
  petitionId: number;

  @Column(textColumn(LIMITS.personName))
  name: string;

  /** Resident ID number, encrypted (`v1:<kid>:…`, see src/platform/pii-crypto.ts); never stored in clear. */
  @Column(textColumn(LIMITS.piiCipher, { nullable: true }))
  idNumberCipher: string | null;

  /** The masked form every non-clear reader gets (3705**********1234), kept so list reads never decrypt. */
  @Column(textColumn(LIMITS.idNumber, { nullable: true }))
  idNumberMasked: string | null;

  /** Blind index (`<kid>:<HMAC>`) for lookups and equality; null when there is no ID number. */
  @Index("IDX_petitioner_idNumberIndex")
  @Column(textColumn(90, { nullable: true }))
  idNumberIndex: string | null;

  /** Phone, encrypted like the ID number. */
  @Column(textColumn(LIMITS.piiCipher, { nullable: true }))
  phoneCipher: string | null;

  @Column(textColumn(LIMITS.phone, { nullable: true }))
  phoneMasked: string | null;

  @Index("IDX_petitioner_phoneIndex")
  @Column(textColumn(90, { nullable: true }))
  phoneIndex: string | null;

  @Column({ type: "boolean", default: false })
  representative: boolean;

  @Column({ type: "boolean", default: false })
  disabled: boolean;

  @Column({ type: "boolean", default: false })
  veteran: boolean;

  @Column(textColumn(LIMITS.address, { nullable: true }))
  address: string | null;
}
