import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { OrgKind, OrgLevel } from "../../domain/petition-terms";
import { textColumn } from "./columns";

/** Any body the hub knows: bureau, county offices, departments, partner agencies, special units. */
@Entity("organization")
export class OrganizationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stable code used in tokens and configuration (e.g. "CLF" for 残联). */
  @Index({ unique: true })
  @Column(textColumn(40))
  code: string;

  @Column(textColumn(100))
  name: string;

  @Column(textColumn(30))
  kind: OrgKind;

  @Column(textColumn(20))
  level: OrgLevel;

  @Column({ type: "int", nullable: true })
  parentId: number | null;

  /** Explicit "level above" for reviews and escalation; special units configure it rather than inherit it. */
  @Column({ type: "int", nullable: true })
  levelAboveId: number | null;
}
