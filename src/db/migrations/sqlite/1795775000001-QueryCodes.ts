import { MigrationInterface, QueryRunner } from "typeorm";

/** The keyed digest of each petition's query code (a nullable column: SQLite adds it in place). */
export class QueryCodes1795775000001 implements MigrationInterface {
  name = "QueryCodes1795775000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "petition" ADD COLUMN "queryCodeDigest" varchar(96)');
  }

  async down(q: QueryRunner): Promise<void> {
    // SQLite 3.35+ drops a column that no index or constraint uses.
    await q.query('ALTER TABLE "petition" DROP COLUMN "queryCodeDigest"');
  }
}
