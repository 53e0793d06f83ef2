import { MigrationInterface, QueryRunner } from "typeorm";

/** The four bottom lines: breaches, their urgent report chains (Art. 25), linked public-opinion posts, and key-person markers. */
export class BottomLines1795780000001 implements MigrationInterface {
  name = "BottomLines1795780000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "bottom_line_breach" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupeKey" varchar(120) NOT NULL, "line" varchar(20) NOT NULL, "source" varchar(30) NOT NULL, "localityOrgId" integer NOT NULL, "headcount" integer, "reach" integer, "petitionId" integer, "matterId" integer, "owningLeader" varchar(100), "summary" varchar(500) NOT NULL, "occurredAt" datetime(3) NOT NULL, "recordedAt" datetime(3) NOT NULL, "recordedBy" varchar(100) NOT NULL)',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_bottom_line_breach_dedupe" ON "bottom_line_breach" ("dedupeKey") ');
    await q.query('CREATE INDEX "IDX_bottom_line_breach_locality" ON "bottom_line_breach" ("localityOrgId", "line", "occurredAt") ');
    await q.query('CREATE INDEX "IDX_bottom_line_breach_line" ON "bottom_line_breach" ("line", "occurredAt") ');
    await q.query(
      'CREATE TABLE "urgent_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "breachId" integer NOT NULL, "recipient" varchar(30) NOT NULL, "dueAt" datetime(3) NOT NULL, "reportedAt" datetime(3), "reportedBy" varchar(100), "lateAt" datetime(3))',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_urgent_report_breach" ON "urgent_report" ("breachId", "recipient") ');
    await q.query('CREATE INDEX "IDX_urgent_report_due" ON "urgent_report" ("reportedAt", "dueAt") ');
    await q.query(
      'CREATE TABLE "public_opinion_post" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "platform" varchar(60) NOT NULL, "url" varchar(500) NOT NULL, "reach" integer NOT NULL, "sentiment" varchar(10) NOT NULL, "localityOrgId" integer NOT NULL, "petitionId" integer, "matterId" integer, "recordedAt" datetime(3) NOT NULL, "recordedBy" varchar(100) NOT NULL)',
    );
    await q.query('CREATE INDEX "IDX_public_opinion_post_locality" ON "public_opinion_post" ("localityOrgId", "id") ');
    await q.query(
      'CREATE TABLE "key_person_flag" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "petitionId" integer NOT NULL, "line" varchar(20) NOT NULL, "reason" varchar(500) NOT NULL, "localityOrgId" integer NOT NULL, "flaggedAt" datetime(3) NOT NULL, "flaggedBy" varchar(100) NOT NULL)',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_key_person_flag_petition" ON "key_person_flag" ("petitionId", "line") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "key_person_flag"');
    await q.query('DROP TABLE "public_opinion_post"');
    await q.query('DROP TABLE "urgent_report"');
    await q.query('DROP TABLE "bottom_line_breach"');
  }
}
