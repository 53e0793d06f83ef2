import { MigrationInterface, QueryRunner } from "typeorm";

/** Documents and attachments: one row per stored file of a petition (the bytes are in the object store). */
export class Documents1795776000000 implements MigrationInterface {
  name = "Documents1795776000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `document` (`id` int NOT NULL AUTO_INCREMENT, `petitionId` int NOT NULL, `kind` varchar(20) NOT NULL, `fileName` varchar(120) NOT NULL, `contentType` varchar(60) NOT NULL, `size` int NOT NULL, `sha256` varchar(64) NOT NULL, `storageKey` varchar(100) NOT NULL, `letterId` int NULL, `uploadedBy` varchar(205) NOT NULL, `uploadedByOrgId` int NULL, `uploadedAt` datetime(3) NOT NULL, INDEX `IDX_document_petition` (`petitionId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `document`");
  }
}
