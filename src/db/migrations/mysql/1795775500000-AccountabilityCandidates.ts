import { MigrationInterface, QueryRunner } from "typeorm";

/** Accountability candidates raised by rules (bottom lines, urgent reports, letters), reviewed by a person. */
export class AccountabilityCandidates1795775500000 implements MigrationInterface {
  name = "AccountabilityCandidates1795775500000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "CREATE TABLE `accountability_candidate` (`id` int NOT NULL AUTO_INCREMENT, `dedupeKey` varchar(120) NOT NULL, `cause` varchar(40) NOT NULL, `article` varchar(80) NOT NULL, `responsibleOrgId` int NOT NULL, `responsiblePerson` varchar(100) NULL, `reviewerOrgId` int NULL, `subjectType` varchar(30) NOT NULL, `subjectId` int NOT NULL, `summary` varchar(500) NOT NULL, `raisedAt` datetime(3) NOT NULL, `raisedBy` varchar(100) NOT NULL, `reviewedAt` datetime(3) NULL, `reviewedBy` varchar(100) NULL, UNIQUE INDEX `IDX_accountability_candidate_dedupe` (`dedupeKey`), INDEX `IDX_accountability_candidate_reviewer` (`reviewerOrgId`, `id`), INDEX `IDX_accountability_candidate_subject` (`subjectType`, `subjectId`), PRIMARY KEY (`id`)) ENGINE=InnoDB",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `accountability_candidate`");
  }
}
