import { MigrationInterface, QueryRunner } from "typeorm";

/** The four bottom lines: breaches, their urgent report chains (Art. 25), linked public-opinion posts, and key-person markers. */
export class BottomLines1795780000000 implements MigrationInterface {
  name = "BottomLines1795780000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `bottom_line_breach` (`id` int NOT NULL AUTO_INCREMENT, `dedupeKey` varchar(120) NOT NULL, `line` varchar(20) NOT NULL, `source` varchar(30) NOT NULL, `localityOrgId` int NOT NULL, `headcount` int NULL, `reach` int NULL, `petitionId` int NULL, `matterId` int NULL, `owningLeader` varchar(100) NULL, `summary` varchar(500) NOT NULL, `occurredAt` datetime(3) NOT NULL, `recordedAt` datetime(3) NOT NULL, `recordedBy` varchar(100) NOT NULL, UNIQUE INDEX `IDX_bottom_line_breach_dedupe` (`dedupeKey`), INDEX `IDX_bottom_line_breach_locality` (`localityOrgId`, `line`, `occurredAt`), INDEX `IDX_bottom_line_breach_line` (`line`, `occurredAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `urgent_report` (`id` int NOT NULL AUTO_INCREMENT, `breachId` int NOT NULL, `recipient` varchar(30) NOT NULL, `dueAt` datetime(3) NOT NULL, `reportedAt` datetime(3) NULL, `reportedBy` varchar(100) NULL, `lateAt` datetime(3) NULL, UNIQUE INDEX `IDX_urgent_report_breach` (`breachId`, `recipient`), INDEX `IDX_urgent_report_due` (`reportedAt`, `dueAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `public_opinion_post` (`id` int NOT NULL AUTO_INCREMENT, `platform` varchar(60) NOT NULL, `url` varchar(500) NOT NULL, `reach` int NOT NULL, `sentiment` varchar(10) NOT NULL, `localityOrgId` int NOT NULL, `petitionId` int NULL, `matterId` int NULL, `recordedAt` datetime(3) NOT NULL, `recordedBy` varchar(100) NOT NULL, INDEX `IDX_public_opinion_post_locality` (`localityOrgId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `key_person_flag` (`id` int NOT NULL AUTO_INCREMENT, `petitionId` int NOT NULL, `line` varchar(20) NOT NULL, `reason` varchar(500) NOT NULL, `localityOrgId` int NOT NULL, `flaggedAt` datetime(3) NOT NULL, `flaggedBy` varchar(100) NOT NULL, UNIQUE INDEX `IDX_key_person_flag_petition` (`petitionId`, `line`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `key_person_flag`");
    await q.query("DROP TABLE `public_opinion_post`");
    await q.query("DROP TABLE `urgent_report`");
    await q.query("DROP TABLE `bottom_line_breach`");
  }
}
