import { MigrationInterface, QueryRunner } from "typeorm";

/** When each referral's status was last polled from its agency, so polling walks all open referrals in turn. */
export class FairPolling1795773400000 implements MigrationInterface {
  name = "FairPolling1795773400000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `referral` ADD `lastPolledAt` datetime(3) NULL");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `referral` DROP COLUMN `lastPolledAt`");
  }
}
