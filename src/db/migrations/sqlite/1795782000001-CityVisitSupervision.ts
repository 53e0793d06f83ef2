import { MigrationInterface, QueryRunner } from "typeorm";

/** The city bureau's supervision of 市控 entries: when the resolution deadline and the review date were found passed. */
export class CityVisitSupervision1795782000001 implements MigrationInterface {
  name = "CityVisitSupervision1795782000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "city_control_entry" ADD COLUMN "resolutionOverdueAt" datetime(3)');
    await q.query('ALTER TABLE "city_control_entry" ADD COLUMN "reviewOverdueAt" datetime(3)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "city_control_entry" DROP COLUMN "reviewOverdueAt"');
    await q.query('ALTER TABLE "city_control_entry" DROP COLUMN "resolutionOverdueAt"');
  }
}
