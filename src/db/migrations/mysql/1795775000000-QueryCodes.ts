import { MigrationInterface, QueryRunner } from "typeorm";

/** The keyed digest of each petition's query code (查询码); items registered before have none (NULL). */
export class QueryCodes1795775000000 implements MigrationInterface {
  name = "QueryCodes1795775000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `petition` ADD `queryCodeDigest` varchar(96) NULL");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `petition` DROP COLUMN `queryCodeDigest`");
  }
}
