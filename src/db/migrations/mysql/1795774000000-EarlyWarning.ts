import { MigrationInterface, QueryRunner } from "typeorm";

/** Source early warning: risk ledger entries, their consultations, and the alerts they (and later rules) raise. */
export class EarlyWarning1795774000000 implements MigrationInterface {
  name = "EarlyWarning1795774000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `ledger_entry` (`id` int NOT NULL AUTO_INCREMENT, `subject` varchar(500) NOT NULL, `peopleCount` int NOT NULL, `riskType` varchar(30) NOT NULL, `reliability` varchar(20) NOT NULL, `localityOrgId` int NOT NULL, `reporterRole` varchar(40) NOT NULL, `reporterName` varchar(100) NOT NULL, `state` varchar(30) NOT NULL, `filedBy` varchar(100) NOT NULL, `filedByOrgId` int NOT NULL, `filedAt` datetime(3) NOT NULL, `consultationDueAt` datetime(3) NOT NULL, `consultationOverdueAt` datetime(3) NULL, INDEX `IDX_ledger_entry_due` (`state`, `consultationDueAt`), INDEX `IDX_ledger_entry_locality` (`localityOrgId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `ledger_consultation` (`id` int NOT NULL AUTO_INCREMENT, `entryId` int NOT NULL, `participants` text NOT NULL, `assessment` varchar(2000) NOT NULL, `grade` varchar(10) NOT NULL, `decision` varchar(30) NOT NULL, `owner` varchar(100) NOT NULL, `dueAt` datetime(3) NOT NULL, `petitionId` int NULL, `matterId` int NULL, `recordedBy` varchar(100) NOT NULL, `recordedAt` datetime(3) NOT NULL, INDEX `IDX_ledger_consultation_entry` (`entryId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `alert` (`id` int NOT NULL AUTO_INCREMENT, `dedupeKey` varchar(120) NOT NULL, `kind` varchar(40) NOT NULL, `severity` varchar(10) NOT NULL, `ownerOrgId` int NOT NULL, `ownerPerson` varchar(100) NULL, `subjectType` varchar(20) NOT NULL, `subjectId` int NOT NULL, `message` varchar(500) NOT NULL, `requiredActions` text NOT NULL, `raisedAt` datetime(3) NOT NULL, `ackDueAt` datetime(3) NOT NULL, `acknowledgedAt` datetime(3) NULL, `acknowledgedBy` varchar(100) NULL, `closedAt` datetime(3) NULL, `closedBy` varchar(100) NULL, `closeNote` varchar(500) NULL, UNIQUE INDEX `IDX_alert_dedupe` (`dedupeKey`), INDEX `IDX_alert_owner` (`ownerOrgId`, `id`), INDEX `IDX_alert_subject` (`subjectType`, `subjectId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `alert`");
    await q.query("DROP TABLE `ledger_consultation`");
    await q.query("DROP TABLE `ledger_entry`");
  }
}
