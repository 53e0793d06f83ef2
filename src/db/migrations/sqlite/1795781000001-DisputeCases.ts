import { MigrationInterface, QueryRunner } from "typeorm";

/** Mediation and pre-petition cases opened by a ledger entry's consultation (issue 9 item 1). */
export class DisputeCases1795781000001 implements MigrationInterface {
  name = "DisputeCases1795781000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "dispute_case" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(20) NOT NULL, "entryId" integer NOT NULL, "consultationId" integer NOT NULL, "localityOrgId" integer NOT NULL, "owner" varchar(100) NOT NULL, "dueAt" datetime(3) NOT NULL, "state" varchar(20) NOT NULL, "openedAt" datetime(3) NOT NULL, "openedBy" varchar(100) NOT NULL, "overdueAt" datetime(3), "outcomeNote" varchar(2000), "closedAt" datetime(3), "closedBy" varchar(100), "petitionId" integer)',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_dispute_case_consultation" ON "dispute_case" ("consultationId") ');
    await q.query('CREATE INDEX "IDX_dispute_case_locality" ON "dispute_case" ("localityOrgId", "id") ');
    await q.query('CREATE INDEX "IDX_dispute_case_due" ON "dispute_case" ("state", "dueAt") ');
    await q.query('CREATE INDEX "IDX_dispute_case_entry" ON "dispute_case" ("entryId") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "dispute_case"');
  }
}
