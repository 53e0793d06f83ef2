import { MigrationInterface, QueryRunner } from "typeorm";
import { backfillRequestDigests } from "../request-digest-backfill";

/**
 * Matters linked by people (Arts. 22, 36): each item's link kind and request digest, and the decisions on links.
 * Items that joined a matter through the old automatic fingerprint become UNCONFIRMED (they bar nothing until a
 * person confirms them); the first item of each matter opened it (OWN).
 */
export class MatterLinks1795773000000 implements MigrationInterface {
  name = "MatterLinks1795773000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `petition` ADD `matterLink` varchar(12) NOT NULL DEFAULT 'OWN', ADD `requestDigest` varchar(64) NULL");
    await q.query("CREATE INDEX `IDX_petition_requestDigest` ON `petition` (`requestDigest`)");
    await q.query("UPDATE `petition` p JOIN (SELECT `matterId`, MIN(`id`) AS firstId FROM `petition` GROUP BY `matterId`) f ON f.`matterId` = p.`matterId` SET p.`matterLink` = 'UNCONFIRMED' WHERE p.`id` <> f.firstId");
    await q.query("CREATE TABLE `matter_link_decision` (`id` int NOT NULL AUTO_INCREMENT, `petitionId` int NOT NULL, `otherPetitionId` int NULL, `decision` varchar(12) NOT NULL, `fromMatterId` int NOT NULL, `toMatterId` int NOT NULL, `reason` varchar(1000) NOT NULL, `actor` varchar(200) NOT NULL, `actorOrgId` int NOT NULL, `at` datetime(3) NOT NULL, INDEX `IDX_matter_link_decision_petition` (`petitionId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await backfillRequestDigests(q, "`");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX `IDX_matter_link_decision_petition` ON `matter_link_decision`");
    await q.query("DROP TABLE `matter_link_decision`");
    await q.query("DROP INDEX `IDX_petition_requestDigest` ON `petition`");
    await q.query("ALTER TABLE `petition` DROP COLUMN `requestDigest`, DROP COLUMN `matterLink`");
  }
}
