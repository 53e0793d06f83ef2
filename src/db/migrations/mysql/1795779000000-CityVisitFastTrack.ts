import { MigrationInterface, QueryRunner } from "typeorm";

/** Fast track for city visits (来市上访顶格办理): the 市控 list with its fast-track record, the letters, their counters. */
export class CityVisitFastTrack1795779000000 implements MigrationInterface {
  name = "CityVisitFastTrack1795779000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `city_control_entry` (`id` int NOT NULL AUTO_INCREMENT, `petitionId` int NOT NULL, `reason` varchar(500) NOT NULL, `localityOrgId` int NOT NULL, `responsiblePerson` varchar(100) NULL, `reviewDueAt` datetime(3) NOT NULL, `resolutionDueAt` datetime(3) NOT NULL, `resolutionDueSetBy` varchar(100) NOT NULL, `levelSkipped` tinyint NOT NULL DEFAULT 0, `acceptance` varchar(30) NOT NULL, `lowerPetitionId` int NULL, `listedAt` datetime(3) NOT NULL, `listedBy` varchar(100) NOT NULL, `delistedAt` datetime(3) NULL, `delistedBy` varchar(100) NULL, `delistReason` varchar(500) NULL, UNIQUE INDEX `IDX_city_control_petition` (`petitionId`), INDEX `IDX_city_control_locality` (`localityOrgId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query(
      "CREATE TABLE `city_visit_letter` (`id` int NOT NULL AUTO_INCREMENT, `entryId` int NOT NULL, `petitionId` int NOT NULL, `kind` varchar(30) NOT NULL, `year` int NOT NULL, `seq` int NOT NULL, `number` varchar(60) NOT NULL, `recipientOrgId` int NOT NULL, `title` varchar(40) NOT NULL, `requiredResponse` varchar(200) NOT NULL, `paragraphs` text NOT NULL, `issuedAt` datetime(3) NOT NULL, `responseDueAt` datetime(3) NOT NULL, `respondedAt` datetime(3) NULL, `respondedBy` varchar(100) NULL, `responseText` varchar(2000) NULL, `declaredNotOwn` tinyint NOT NULL DEFAULT 0, `notOwnRejectedAt` datetime(3) NULL, `supervisedAt` datetime(3) NULL, `documentId` int NULL, `sha256` varchar(64) NULL, UNIQUE INDEX `IDX_city_visit_letter_number` (`number`), INDEX `IDX_city_visit_letter_due` (`respondedAt`, `responseDueAt`), INDEX `IDX_city_visit_letter_petition` (`petitionId`, `id`), INDEX `IDX_city_visit_letter_recipient` (`recipientOrgId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
    await q.query("CREATE TABLE `letter_counter` (`kind` varchar(30) NOT NULL, `year` int NOT NULL, `lastSeq` int NOT NULL, PRIMARY KEY (`kind`, `year`)) ENGINE=InnoDB");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `letter_counter`");
    await q.query("DROP TABLE `city_visit_letter`");
    await q.query("DROP TABLE `city_control_entry`");
  }
}
