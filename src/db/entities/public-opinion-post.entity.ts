import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { Sentiment } from "../../domain/bottom-lines/bottom-line-terms";
import { dateColumn, textColumn } from "./columns";

/** A petition-related online post (舆情) recorded by monitoring, linked to a petition or matter of a locality. */
@Entity("public_opinion_post")
@Index("IDX_public_opinion_post_locality", ["localityOrgId", "id"])
export class PublicOpinionPostEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column(textColumn(60))
  platform: string;

  @Column(textColumn(500))
  url: string;

  /** Views and reposts as counted when recorded. */
  @Column({ type: "int" })
  reach: number;

  @Column(textColumn(10))
  sentiment: Sentiment;

  @Column({ type: "int" })
  localityOrgId: number;

  @Column({ type: "int", nullable: true })
  petitionId: number | null;

  @Column({ type: "int", nullable: true })
  matterId: number | null;

  @Column(dateColumn())
  recordedAt: Date;

  @Column(textColumn(100))
  recordedBy: string;
}
