import { MigrationInterface, QueryRunner } from "typeorm";

/** When each referral's status was last polled from its agency (a nullable column: SQLite adds it in place). */
export class FairPolling1795773400001 implements MigrationInterface {
  name = "FairPolling1795773400001";

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "referral" ADD COLUMN "lastPolledAt" datetime(3)');
  }

  async down(q: QueryRunner): Promise<void> {
    // SQLite 3.35+ drops a column that no index or constraint uses.
    await q.query('ALTER TABLE "referral" DROP COLUMN "lastPolledAt"');
  }
}
