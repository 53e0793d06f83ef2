import { MigrationInterface, QueryRunner } from "typeorm";

/** Documents and attachments: one row per stored file of a petition (the bytes are in the object store). */
export class Documents1795776000001 implements MigrationInterface {
  name = "Documents1795776000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "document" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "petitionId" integer NOT NULL, "kind" varchar(20) NOT NULL, "fileName" varchar(120) NOT NULL, "contentType" varchar(60) NOT NULL, "size" integer NOT NULL, "sha256" varchar(64) NOT NULL, "storageKey" varchar(100) NOT NULL, "letterId" integer, "uploadedBy" varchar(205) NOT NULL, "uploadedByOrgId" integer, "uploadedAt" datetime(3) NOT NULL)',
    );
    await q.query('CREATE INDEX "IDX_document_petition" ON "document" ("petitionId", "id") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "document"');
  }
}
