import { MigrationInterface, QueryRunner } from "typeorm";

/** Source early warning: risk ledger entries, their consultations, and the alerts they (and later rules) raise. */
export class EarlyWarning1795774000001 implements MigrationInterface {
  name = "EarlyWarning1795774000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "ledger_entry" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "subject" varchar(500) NOT NULL, "peopleCount" integer NOT NULL, "riskType" varchar(30) NOT NULL, "reliability" varchar(20) NOT NULL, "localityOrgId" integer NOT NULL, "reporterRole" varchar(40) NOT NULL, "reporterName" varchar(100) NOT NULL, "state" varchar(30) NOT NULL, "filedBy" varchar(100) NOT NULL, "filedByOrgId" integer NOT NULL, "filedAt" datetime(3) NOT NULL, "consultationDueAt" datetime(3) NOT NULL, "consultationOverdueAt" datetime(3))',
    );
    await q.query('CREATE INDEX "IDX_ledger_entry_due" ON "ledger_entry" ("state", "consultationDueAt") ');
    await q.query('CREATE INDEX "IDX_ledger_entry_locality" ON "ledger_entry" ("localityOrgId", "id") ');
    await q.query(
      'CREATE TABLE "ledger_consultation" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "entryId" integer NOT NULL, "participants" text NOT NULL, "assessment" varchar(2000) NOT NULL, "grade" varchar(10) NOT NULL, "decision" varchar(30) NOT NULL, "owner" varchar(100) NOT NULL, "dueAt" datetime(3) NOT NULL, "petitionId" integer, "matterId" integer, "recordedBy" varchar(100) NOT NULL, "recordedAt" datetime(3) NOT NULL)',
    );
    await q.query('CREATE INDEX "IDX_ledger_consultation_entry" ON "ledger_consultation" ("entryId", "id") ');
    await q.query(
      'CREATE TABLE "alert" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "dedupeKey" varchar(120) NOT NULL, "kind" varchar(40) NOT NULL, "severity" varchar(10) NOT NULL, "ownerOrgId" integer NOT NULL, "ownerPerson" varchar(100), "subjectType" varchar(20) NOT NULL, "subjectId" integer NOT NULL, "message" varchar(500) NOT NULL, "requiredActions" text NOT NULL, "raisedAt" datetime(3) NOT NULL, "ackDueAt" datetime(3) NOT NULL, "acknowledgedAt" datetime(3), "acknowledgedBy" varchar(100), "closedAt" datetime(3), "closedBy" varchar(100), "closeNote" varchar(500))',
    );
    await q.query('CREATE UNIQUE INDEX "IDX_alert_dedupe" ON "alert" ("dedupeKey") ');
    await q.query('CREATE INDEX "IDX_alert_owner" ON "alert" ("ownerOrgId", "id") ');
    await q.query('CREATE INDEX "IDX_alert_subject" ON "alert" ("subjectType", "subjectId") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "alert"');
    await q.query('DROP TABLE "ledger_consultation"');
    await q.query('DROP TABLE "ledger_entry"');
  }
}
