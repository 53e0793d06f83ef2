import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { DocumentKind } from "../../domain/documents/document-terms";
import { ACTOR_LENGTH } from "../../domain/limits";
import { dateColumn, textColumn } from "./columns";

/**
 * A file attached to a petition (materials the petitioner brought, or a letter the hub issued). The bytes live in the
 * object store under `storageKey` (content-addressed by `sha256`); this row is the record, and it holds no personal
 * data beyond what the file itself is: the uploader is an official, the file name is sanitised.
 */
@Entity("document")
@Index("IDX_document_petition", ["petitionId", "id"])
export class DocumentEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  petitionId: number;

  @Column(textColumn(20))
  kind: DocumentKind;

  @Column(textColumn(120))
  fileName: string;

  @Column(textColumn(60))
  contentType: string;

  @Column({ type: "int" })
  size: number;

  /** Lower-case hex SHA-256 of the bytes, as stored and as downloaded. */
  @Column(textColumn(64))
  sha256: string;

  @Column(textColumn(100))
  storageKey: string;

  /** For a LETTER: the letter record it renders (the city-visit fast track's). */
  @Column({ type: "int", nullable: true })
  letterId: number | null;

  /** Who stored it (the subject, `subject via gateway`; for a letter, its issuing actor). */
  @Column(textColumn(ACTOR_LENGTH))
  uploadedBy: string;

  @Column({ type: "int", nullable: true })
  uploadedByOrgId: number | null;

  @Column(dateColumn())
  uploadedAt: Date;
}
