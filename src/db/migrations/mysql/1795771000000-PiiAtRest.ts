import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Personal data at rest (written by hand): the clear `idNumber`/`phone` columns become the ciphertext columns,
 * next to a masked copy and a blind index each; the matter fingerprint widens for its key-id prefix. A migration
 * has no key, so existing clear values stay in the ciphertext columns until `npm run pii:encrypt-existing`
 * (or the hub's start-up, outside production) encrypts them.
 */
export class PiiAtRest1795771000000 implements MigrationInterface {
  name = "PiiAtRest1795771000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE `petitioner` CHANGE `idNumber` `idNumberCipher` varchar(160) NULL, CHANGE `phone` `phoneCipher` varchar(160) NULL, " +
        "ADD `idNumberMasked` varchar(18) NULL, ADD `idNumberIndex` varchar(90) NULL, ADD `phoneMasked` varchar(20) NULL, ADD `phoneIndex` varchar(90) NULL",
    );
    await q.query("CREATE INDEX `IDX_petitioner_idNumberIndex` ON `petitioner` (`idNumberIndex`)");
    await q.query("CREATE INDEX `IDX_petitioner_phoneIndex` ON `petitioner` (`phoneIndex`)");
    await q.query("ALTER TABLE `matter` MODIFY `factsFingerprint` varchar(90) NOT NULL");
  }

  /** Restores the old shape only; ciphertexts cannot be decrypted here (run on an empty or re-seeded database). */
  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE `matter` MODIFY `factsFingerprint` varchar(64) NOT NULL");
    await q.query("DROP INDEX `IDX_petitioner_phoneIndex` ON `petitioner`");
    await q.query("DROP INDEX `IDX_petitioner_idNumberIndex` ON `petitioner`");
    await q.query(
      "ALTER TABLE `petitioner` DROP COLUMN `phoneIndex`, DROP COLUMN `phoneMasked`, DROP COLUMN `idNumberIndex`, DROP COLUMN `idNumberMasked`, " +
        "CHANGE `phoneCipher` `phone` varchar(20) NULL, CHANGE `idNumberCipher` `idNumber` varchar(18) NULL",
    );
  }
}
