import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Clocks that pause and service of documents (written by hand): a deadline's `pausedAt` while the law suspends it,
 * and on the petition the time of the last decision to be served and of its service. Decisions recorded before
 * this migration were treated as served when their window opened; they keep that date.
 */
export class ClocksAndService1795773100000 implements MigrationInterface {
  name = "ClocksAndService1795773100000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `deadline` ADD `pausedAt` datetime(3) NULL");
    await q.query("ALTER TABLE `petition` ADD `decidedAt` datetime(3) NULL, ADD `deliveredAt` datetime(3) NULL");
    await q.query(
      "UPDATE `petition` p SET p.`deliveredAt` = COALESCE((SELECT MAX(d.`startedAt`) FROM `deadline` d WHERE d.`petitionId` = p.`id` AND d.`kind` IN ('REVIEW_REQUEST_WINDOW', 'REREVIEW_REQUEST_WINDOW')), p.`updatedAt`), " +
        "p.`decidedAt` = p.`updatedAt` WHERE p.`state` IN ('ANSWERED', 'MEDIATED', 'EVALUATED', 'REVIEWED', 'REREVIEWED', 'TERMINATED')",
    );
    await q.query("UPDATE `petition` SET `decidedAt` = `deliveredAt` WHERE `decidedAt` > `deliveredAt`");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `petition` DROP COLUMN `deliveredAt`, DROP COLUMN `decidedAt`");
    await q.query("ALTER TABLE `deadline` DROP COLUMN `pausedAt`");
  }
}
