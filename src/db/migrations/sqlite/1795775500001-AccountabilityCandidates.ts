import { MigrationInterface, QueryRunner } from "typeorm";

/** Accountability candidates raised by rules (bottom lines, urgent reports, letters), reviewed by a person. */
export class AccountabilityCandidates1795775500001 implements MigrationInterface {
  name = "AccountabilityCandidates1795775500001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "accountability_candidate" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupeKey" varchar(120) NOT NULL, "cause" varchar(40) NOT NULL, "article" varchar(80) NOT NULL, "responsibleOrgId" integer NOT NULL, "responsiblePerson" varchar(100), "reviewerOrgId" integer, "subjectType" varchar(30) NOT NULL, "subjectId" integer NOT NULL, "summary" varchar(500) NOT NULL, "raisedAt" datetime(3) NOT NULL, "raisedBy" varchar(100) NOT NULL, "reviewedAt" datetime(3), "reviewedBy" varchar(100))',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_accountability_candidate_dedupe" ON "accountability_candidate" ("dedupeKey") ');
    await q.query('CREATE INDEX "IDX_accountability_candidate_reviewer" ON "accountability_candidate" ("reviewerOrgId", "id") ');
    await q.query('CREATE INDEX "IDX_accountability_candidate_subject" ON "accountability_candidate" ("subjectType", "subjectId") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "accountability_candidate"');
  }
}
