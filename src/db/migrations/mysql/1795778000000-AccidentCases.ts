import { MigrationInterface, QueryRunner } from "typeorm";

/** Accidental death or injury cases (意外伤亡) and their three duties (team, risk consultation, opinion watch). */
export class AccidentCases1795778000000 implements MigrationInterface {
  name = "AccidentCases1795778000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `accident_case` (`id` int NOT NULL AUTO_INCREMENT, `localityOrgId` int NOT NULL, `kind` varchar(10) NOT NULL, `casualties` int NOT NULL, `occurredAt` datetime(3) NOT NULL, `place` varchar(200) NOT NULL, `summary` varchar(1000) NOT NULL, `leader` varchar(100) NOT NULL, `petitionId` int NULL, `matterId` int NULL, `ledgerEntryId` int NULL, `state` varchar(10) NOT NULL, `openedBy` varchar(100) NOT NULL, `openedByOrgId` int NOT NULL, `openedAt` datetime(3) NOT NULL, `closureBasis` varchar(20) NULL, `closure` text NULL, `closedAt` datetime(3) NULL, `closedBy` varchar(100) NULL, INDEX `IDX_accident_case_locality` (`localityOrgId`, `id`), INDEX `IDX_accident_case_state` (`state`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `accident_duty` (`id` int NOT NULL AUTO_INCREMENT, `caseId` int NOT NULL, `kind` varchar(30) NOT NULL, `dueAt` datetime(3) NOT NULL, `doneAt` datetime(3) NULL, `doneBy` varchar(100) NULL, `evidence` text NULL, `overdueAt` datetime(3) NULL, UNIQUE INDEX `IDX_accident_duty_case_kind` (`caseId`, `kind`), INDEX `IDX_accident_duty_due` (`dueAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `accident_duty`");
    await q.query("DROP TABLE `accident_case`");
  }
}
