import { MigrationInterface, QueryRunner } from "typeorm";

/** Accidental death or injury cases (意外伤亡) and their three duties (team, risk consultation, opinion watch). */
export class AccidentCases1795778000001 implements MigrationInterface {
  name = "AccidentCases1795778000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "accident_case" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "localityOrgId" integer NOT NULL, "kind" varchar(10) NOT NULL, "casualties" integer NOT NULL, "occurredAt" datetime(3) NOT NULL, "place" varchar(200) NOT NULL, "summary" varchar(1000) NOT NULL, "leader" varchar(100) NOT NULL, "petitionId" integer, "matterId" integer, "ledgerEntryId" integer, "state" varchar(10) NOT NULL, "openedBy" varchar(100) NOT NULL, "openedByOrgId" integer NOT NULL, "openedAt" datetime(3) NOT NULL, "closureBasis" varchar(20), "closure" text, "closedAt" datetime(3), "closedBy" varchar(100))',
    );
    await q.query('CREATE INDEX "IDX_accident_case_locality" ON "accident_case" ("localityOrgId", "id") ');
    await q.query('CREATE INDEX "IDX_accident_case_state" ON "accident_case" ("state", "id") ');
    await q.query(
      'CREATE TABLE "accident_duty" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "caseId" integer NOT NULL, "kind" varchar(30) NOT NULL, "dueAt" datetime(3) NOT NULL, "doneAt" datetime(3), "doneBy" varchar(100), "evidence" text, "overdueAt" datetime(3))',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_accident_duty_case_kind" ON "accident_duty" ("caseId", "kind") ');
    await q.query('CREATE INDEX "IDX_accident_duty_due" ON "accident_duty" ("dueAt") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "accident_duty"');
    await q.query('DROP TABLE "accident_case"');
  }
}
