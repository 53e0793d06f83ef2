import { MigrationInterface, QueryRunner } from "typeorm";

const PETITIONER_NEW =
  'CREATE TABLE "temporary_petitioner" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "petitionId" integer NOT NULL, "name" varchar(60) NOT NULL, ' +
  '"idNumberCipher" varchar(160), "idNumberMasked" varchar(18), "idNumberIndex" varchar(90), "phoneCipher" varchar(160), "phoneMasked" varchar(20), "phoneIndex" varchar(90), ' +
  '"representative" boolean NOT NULL DEFAULT (0), "disabled" boolean NOT NULL DEFAULT (0), "veteran" boolean NOT NULL DEFAULT (0), "address" varchar(200))';
const PETITIONER_OLD =
  'CREATE TABLE "temporary_petitioner" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "petitionId" integer NOT NULL, "name" varchar(60) NOT NULL, "idNumber" varchar(18), "phone" varchar(20), ' +
  '"representative" boolean NOT NULL DEFAULT (0), "disabled" boolean NOT NULL DEFAULT (0), "veteran" boolean NOT NULL DEFAULT (0), "address" varchar(200))';
const matterTable = (len: number) =>
  `CREATE TABLE "temporary_matter" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "factsFingerprint" varchar(${len}) NOT NULL, "terminatedAt" datetime(3), "createdAt" datetime(3) NOT NULL)`;

/**
 * Personal data at rest (written by hand; SQLite rebuilds the tables): see the MySQL migration of the same name.
 * Existing clear values are copied into the ciphertext columns and encrypted by `npm run pii:encrypt-existing`.
 */
export class PiiAtRest1795771000001 implements MigrationInterface {
  name = "PiiAtRest1795771000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(PETITIONER_NEW);
    await q.query(
      'INSERT INTO "temporary_petitioner" ("id", "petitionId", "name", "idNumberCipher", "phoneCipher", "representative", "disabled", "veteran", "address") ' +
        'SELECT "id", "petitionId", "name", "idNumber", "phone", "representative", "disabled", "veteran", "address" FROM "petitioner"',
    );
    await q.query('DROP TABLE "petitioner"');
    await q.query('ALTER TABLE "temporary_petitioner" RENAME TO "petitioner"');
    await q.query('CREATE INDEX "IDX_e245d25d6e2203e6982ea673ba" ON "petitioner" ("petitionId") ');
    await q.query('CREATE INDEX "IDX_petitioner_idNumberIndex" ON "petitioner" ("idNumberIndex") ');
    await q.query('CREATE INDEX "IDX_petitioner_phoneIndex" ON "petitioner" ("phoneIndex") ');
    await this.rebuildMatter(q, 90);
  }

  /** Restores the old shape only; ciphertexts cannot be decrypted here (run on an empty or re-seeded database). */
  async down(q: QueryRunner): Promise<void> {
    await this.rebuildMatter(q, 64);
    await q.query(PETITIONER_OLD);
    await q.query(
      'INSERT INTO "temporary_petitioner" ("id", "petitionId", "name", "idNumber", "phone", "representative", "disabled", "veteran", "address") ' +
        'SELECT "id", "petitionId", "name", "idNumberCipher", "phoneCipher", "representative", "disabled", "veteran", "address" FROM "petitioner"',
    );
    await q.query('DROP TABLE "petitioner"');
    await q.query('ALTER TABLE "temporary_petitioner" RENAME TO "petitioner"');
    await q.query('CREATE INDEX "IDX_e245d25d6e2203e6982ea673ba" ON "petitioner" ("petitionId") ');
  }

  private async rebuildMatter(q: QueryRunner, len: number) {
    await q.query(matterTable(len));
    await q.query('INSERT INTO "temporary_matter" ("id", "factsFingerprint", "terminatedAt", "createdAt") SELECT "id", "factsFingerprint", "terminatedAt", "createdAt" FROM "matter"');
    await q.query('DROP TABLE "matter"');
    await q.query('ALTER TABLE "temporary_matter" RENAME TO "matter"');
    await q.query('CREATE INDEX "IDX_f034931f0c0353265d5d66d425" ON "matter" ("factsFingerprint") ');
  }
}
