import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Actor columns wide enough for what authentication accepts (src/domain/limits.ts): the audit log and the
 * personal-data read log record `subject via gateway`, up to 2 × 100 + 5 characters (written by hand).
 */
export class ColumnBounds1795773300000 implements MigrationInterface {
  name = "ColumnBounds1795773300000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `audit_log` MODIFY `actorSubject` varchar(205) NOT NULL");
    await q.query("ALTER TABLE `pii_access` MODIFY `actor` varchar(205) NOT NULL");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `pii_access` MODIFY `actor` varchar(100) NOT NULL");
    await q.query("ALTER TABLE `audit_log` MODIFY `actorSubject` varchar(200) NOT NULL");
  }
}
