import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Outbox rows that cannot be relayed (poison rows) record their last error and, after the configured attempts, when
 * they were dead-lettered; `claimedUntil` is the relay's short lease, so no transaction is held while Redis is awaited.
 * Nullable columns: SQLite adds them in place, no table rebuild.
 */
export class OutboxDurability1795773200001 implements MigrationInterface {
  name = "OutboxDurability1795773200001";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"outbox\" ADD COLUMN \"lastError\" varchar(500)");
    await q.query("ALTER TABLE \"outbox\" ADD COLUMN \"deadAt\" datetime(3)");
    await q.query("ALTER TABLE \"outbox\" ADD COLUMN \"claimedUntil\" datetime(3)");
    // The reconciler finds a referral's delivery request by its aggregate.
    await q.query("CREATE INDEX \"IDX_8e196b1325ecc33f39cda9e492\" ON \"outbox\" (\"aggregateType\", \"aggregateId\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_8e196b1325ecc33f39cda9e492\"");
    await q.query("ALTER TABLE \"outbox\" DROP COLUMN \"claimedUntil\"");
    await q.query("ALTER TABLE \"outbox\" DROP COLUMN \"deadAt\"");
    await q.query("ALTER TABLE \"outbox\" DROP COLUMN \"lastError\"");
  }
}
