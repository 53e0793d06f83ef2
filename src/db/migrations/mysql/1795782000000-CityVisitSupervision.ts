import { MigrationInterface, QueryRunner } from "typeorm";

/** The city bureau's supervision of 市控 entries: when the resolution deadline and the review date were found passed. */
export class CityVisitSupervision1795782000000 implements MigrationInterface {
  name = "CityVisitSupervision1795782000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `city_control_entry` ADD `resolutionOverdueAt` datetime(3) NULL, ADD `reviewOverdueAt` datetime(3) NULL");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `city_control_entry` DROP COLUMN `reviewOverdueAt`, DROP COLUMN `resolutionOverdueAt`");
  }
}
