import { MigrationInterface, QueryRunner } from "typeorm";

/** When an unsigned alert was escalated for missing its acknowledgement deadline, and the index the sweep reads. */
export class AlertAckOverdue1795775600001 implements MigrationInterface {
  name = "AlertAckOverdue1795775600001";

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "alert" ADD COLUMN "ackOverdueAt" datetime(3)');
    await q.query('CREATE INDEX "IDX_alert_ack_due" ON "alert" ("ackDueAt") ');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "IDX_alert_ack_due"');
    await q.query('ALTER TABLE "alert" DROP COLUMN "ackOverdueAt"');
  }
}
