import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 首接首办: the matter's first receiving unit (back-filled from the registering unit of each matter's first item, by
 * receipt then id, among items a person linked or that opened it) and the reassignment requests with their decisions.
 */
export class VisitOnce1795777000000 implements MigrationInterface {
  name = "VisitOnce1795777000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `matter` ADD `firstReceivingOrgId` int NULL");
    await q.query(
      "UPDATE `matter` SET `firstReceivingOrgId` = (SELECT p.`registeringOrgId` FROM `petition` p WHERE p.`matterId` = `matter`.`id` AND p.`matterLink` <> 'UNCONFIRMED' ORDER BY p.`receivedAt`, p.`id` LIMIT 1)",
    );
    await q.query(
      "CREATE TABLE `matter_reassignment` (`id` int NOT NULL AUTO_INCREMENT, `matterId` int NOT NULL, `fromOrgId` int NOT NULL, `toOrgId` int NOT NULL, `reason` varchar(1000) NOT NULL, `state` varchar(10) NOT NULL, `requestedBy` varchar(200) NOT NULL, `requestedByOrgId` int NOT NULL, `requestedAt` datetime(3) NOT NULL, `decidedBy` varchar(200) NULL, `decidedByOrgId` int NULL, `decidedAt` datetime(3) NULL, `decisionNote` varchar(1000) NULL, INDEX `IDX_matter_reassignment_matter` (`matterId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX `IDX_matter_reassignment_matter` ON `matter_reassignment`");
    await q.query("DROP TABLE `matter_reassignment`");
    await q.query("ALTER TABLE `matter` DROP COLUMN `firstReceivingOrgId`");
  }
}
