import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Clocks that pause and service of documents (written by hand; see the MySQL twin): `deadline.pausedAt`,
 * `petition.decidedAt` and `petition.deliveredAt`, with earlier decisions counted as served when their window opened.
 */
export class ClocksAndService1795773100001 implements MigrationInterface {
  name = "ClocksAndService1795773100001";

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "deadline" ADD COLUMN "pausedAt" datetime(3)');
    await q.query('ALTER TABLE "petition" ADD COLUMN "decidedAt" datetime(3)');
    await q.query('ALTER TABLE "petition" ADD COLUMN "deliveredAt" datetime(3)');
    await q.query(
      'UPDATE "petition" SET "deliveredAt" = COALESCE((SELECT MAX(d."startedAt") FROM "deadline" d WHERE d."petitionId" = "petition"."id" AND d."kind" IN (\'REVIEW_REQUEST_WINDOW\', \'REREVIEW_REQUEST_WINDOW\')), "updatedAt"), ' +
        '"decidedAt" = "updatedAt" WHERE "state" IN (\'ANSWERED\', \'MEDIATED\', \'EVALUATED\', \'REVIEWED\', \'REREVIEWED\', \'TERMINATED\')',
    );
    await q.query('UPDATE "petition" SET "decidedAt" = "deliveredAt" WHERE "decidedAt" > "deliveredAt"');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "petition" DROP COLUMN "deliveredAt"');
    await q.query('ALTER TABLE "petition" DROP COLUMN "decidedAt"');
    await q.query('ALTER TABLE "deadline" DROP COLUMN "pausedAt"');
  }
}
