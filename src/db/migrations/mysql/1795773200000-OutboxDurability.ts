import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Outbox rows that cannot be relayed (poison rows) record their last error and, after the configured attempts, when
 * they were dead-lettered; `claimedUntil` is the relay's short lease, so no transaction is held while Redis is awaited.
 */
export class OutboxDurability1795773200000 implements MigrationInterface {
  name = "OutboxDurability1795773200000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `outbox` ADD `lastError` varchar(500) NULL, ADD `deadAt` datetime(3) NULL, ADD `claimedUntil` datetime(3) NULL");
    // The reconciler finds a referral's delivery request by its aggregate.
    await q.query("CREATE INDEX `IDX_8e196b1325ecc33f39cda9e492` ON `outbox` (`aggregateType`, `aggregateId`)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX `IDX_8e196b1325ecc33f39cda9e492` ON `outbox`");
    await q.query("ALTER TABLE `outbox` DROP COLUMN `claimedUntil`, DROP COLUMN `deadAt`, DROP COLUMN `lastError`");
  }
}
