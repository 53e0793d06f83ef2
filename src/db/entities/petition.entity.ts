import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Category, Channel, PetitionState } from "../../domain/petition-terms";
import type { MatterLink } from "../../domain/matters/matter-link";
import { dateColumn, textColumn } from "./columns";
import { LIMITS } from "../../domain/limits";

/** A registered petition item (信访件). */
@Entity("petition")
@Index(["state", "id"])
@Index(["localityOrgId", "id"])
@Index(["handlerOrgId", "id"])
export class PetitionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column(textColumn(32))
  number: string;

  @Index()
  @Column({ type: "int" })
  matterId: number;

  /** How the item belongs to its matter: opened it, confirmed by a person, or a legacy automatic join. */
  @Column(textColumn(12, { default: "OWN" }))
  matterLink: MatterLink;

  /** SHA-256 of the normalised request, for matter suggestions (the request itself is stored in clear beside it). */
  @Index("IDX_petition_requestDigest")
  @Column(textColumn(64, { nullable: true }))
  requestDigest: string | null;

  @Column(textColumn(30))
  state: PetitionState;

  @Column(textColumn(20))
  channel: Channel;

  @Column(textColumn(20))
  category: Category;

  @Column({ type: "int" })
  localityOrgId: number;

  @Column({ type: "int", nullable: true })
  handlerOrgId: number | null;

  /** For accusations: the unit accused; it must never see the petition. */
  @Column({ type: "int", nullable: true })
  accusedOrgId: number | null;

  /** The first receiving unit (首接首办). */
  @Column({ type: "int" })
  registeringOrgId: number;

  @Column(textColumn(LIMITS.petitionText))
  summary: string;

  @Column(textColumn(LIMITS.petitionText))
  request: string;

  @Column({ type: "int", default: 1 })
  headcount: number;

  /** Comma-separated SpecialGroup tags; petition_group rows serve filtering. */
  @Column(textColumn(120, { default: "" }))
  specialGroups: string;

  @Column({ type: "boolean", default: false }) groupVisit: boolean;
  @Column({ type: "boolean", default: false }) levelSkipping: boolean;
  @Column({ type: "boolean", default: false }) threat: boolean;
  @Column({ type: "boolean", default: false }) anonymous: boolean;
  @Column({ type: "boolean", default: false }) urgent: boolean;

  @Column({ type: "boolean", default: false })
  extended: boolean;

  @Column(textColumn(30, { nullable: true }))
  hearingReturnState: PetitionState | null;

  @Column(dateColumn({ nullable: true }))
  hearingStartedAt: Date | null;

  /** When the last decision to be served on the petitioner (answer, review or 复核 opinion) was made. */
  @Column(dateColumn({ nullable: true }))
  decidedAt: Date | null;

  /** When that decision was served on the petitioner; null while service is pending. The petitioner's windows run from it. */
  @Column(dateColumn({ nullable: true }))
  deliveredAt: Date | null;

  @Column(dateColumn())
  receivedAt: Date;

  @Index()
  @Column(dateColumn({ nullable: true }))
  registeredAt: Date | null;

  @Column(dateColumn())
  updatedAt: Date;

  /** Keyed digest of the query code (查询码) given at registration (domain/citizen/query-code.ts); never the code. */
  @Column(textColumn(96, { nullable: true }))
  queryCodeDigest: string | null;

  @VersionColumn()
  version: number;
}
