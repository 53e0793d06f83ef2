import { MigrationInterface, QueryRunner } from "typeorm";

/** Fast track for city visits (来市上访顶格办理): the 市控 list with its fast-track record, the letters, their counters. */
export class CityVisitFastTrack1795779000001 implements MigrationInterface {
  name = "CityVisitFastTrack1795779000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "city_control_entry" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "petitionId" integer NOT NULL, "reason" varchar(500) NOT NULL, "localityOrgId" integer NOT NULL, "responsiblePerson" varchar(100), "reviewDueAt" datetime(3) NOT NULL, "resolutionDueAt" datetime(3) NOT NULL, "resolutionDueSetBy" varchar(100) NOT NULL, "levelSkipped" boolean NOT NULL DEFAULT (0), "acceptance" varchar(30) NOT NULL, "lowerPetitionId" integer, "listedAt" datetime(3) NOT NULL, "listedBy" varchar(100) NOT NULL, "delistedAt" datetime(3), "delistedBy" varchar(100), "delistReason" varchar(500))',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_city_control_petition" ON "city_control_entry" ("petitionId") ');
    await q.query('CREATE INDEX "IDX_city_control_locality" ON "city_control_entry" ("localityOrgId", "id") ');
    await q.query(
      'CREATE TABLE "city_visit_letter" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "entryId" integer NOT NULL, "petitionId" integer NOT NULL, "kind" varchar(30) NOT NULL, "year" integer NOT NULL, "seq" integer NOT NULL, "number" varchar(60) NOT NULL, "recipientOrgId" integer NOT NULL, "title" varchar(40) NOT NULL, "requiredResponse" varchar(200) NOT NULL, "paragraphs" text NOT NULL, "issuedAt" datetime(3) NOT NULL, "responseDueAt" datetime(3) NOT NULL, "respondedAt" datetime(3), "respondedBy" varchar(100), "responseText" varchar(2000), "declaredNotOwn" boolean NOT NULL DEFAULT (0), "notOwnRejectedAt" datetime(3), "supervisedAt" datetime(3), "documentId" integer, "sha256" varchar(64))',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_city_visit_letter_number" ON "city_visit_letter" ("number") ');
    await q.query('CREATE INDEX "IDX_city_visit_letter_due" ON "city_visit_letter" ("respondedAt", "responseDueAt") ');
    await q.query('CREATE INDEX "IDX_city_visit_letter_petition" ON "city_visit_letter" ("petitionId", "id") ');
    await q.query('CREATE INDEX "IDX_city_visit_letter_recipient" ON "city_visit_letter" ("recipientOrgId", "id") ');
    await q.query('CREATE TABLE "letter_counter" ("kind" varchar(30) NOT NULL, "year" integer NOT NULL, "lastSeq" integer NOT NULL, PRIMARY KEY ("kind", "year"))');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "letter_counter"');
    await q.query('DROP TABLE "city_visit_letter"');
    await q.query('DROP TABLE "city_control_entry"');
  }
}
