import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { textColumn } from "./columns";

/** A petitioner or representative. ID number, phone and group status are personal data: masked and audited on read. */
@Entity("petitioner")
export class PetitionerEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column({ type: "int" })
  petitionId: number;

  @Column(textColumn(60))
  name: string;

  @Column(textColumn(18, { nullable: true }))
  idNumber: string | null;

  @Column(textColumn(20, { nullable: true }))
  phone: string | null;

  @Column({ type: "boolean", default: false })
  representative: boolean;

  @Column({ type: "boolean", default: false })
  disabled: boolean;

  @Column({ type: "boolean", default: false })
  veteran: boolean;

  @Column(textColumn(200, { nullable: true }))
  address: string | null;
}
