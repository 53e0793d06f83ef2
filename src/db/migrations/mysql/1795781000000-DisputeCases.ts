import { MigrationInterface, QueryRunner } from "typeorm";

/** Mediation and pre-petition cases opened by a ledger entry's consultation (issue 9 item 1). */
export class DisputeCases1795781000000 implements MigrationInterface {
  name = "DisputeCases1795781000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `dispute_case` (`id` int NOT NULL AUTO_INCREMENT, `kind` varchar(20) NOT NULL, `entryId` int NOT NULL, `consultationId` int NOT NULL, `localityOrgId` int NOT NULL, `owner` varchar(100) NOT NULL, `dueAt` datetime(3) NOT NULL, `state` varchar(20) NOT NULL, `openedAt` datetime(3) NOT NULL, `openedBy` varchar(100) NOT NULL, `overdueAt` datetime(3) NULL, `outcomeNote` varchar(2000) NULL, `closedAt` datetime(3) NULL, `closedBy` varchar(100) NULL, `petitionId` int NULL, UNIQUE INDEX `IDX_dispute_case_consultation` (`consultationId`), INDEX `IDX_dispute_case_locality` (`localityOrgId`, `id`), INDEX `IDX_dispute_case_due` (`state`, `dueAt`), INDEX `IDX_dispute_case_entry` (`entryId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `dispute_case`");
  }
}
