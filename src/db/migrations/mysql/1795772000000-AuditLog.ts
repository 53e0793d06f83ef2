import { MigrationInterface, QueryRunner } from "typeorm";

/** The hash-chained audit log and its single chain-head row (written by hand; see docs/decisions.md). */
export class AuditLog1795772000000 implements MigrationInterface {
  name = "AuditLog1795772000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE `audit_log` (`seq` bigint NOT NULL, `at` datetime(3) NOT NULL, `alg` varchar(10) NOT NULL, `actorSubject` varchar(200) NOT NULL, `actorOrgId` int NULL, `onBehalfOfOrgId` int NULL, `roles` text NOT NULL, `action` varchar(100) NOT NULL, `resourceType` varchar(40) NULL, `resourceId` varchar(200) NULL, `petitionId` int NULL, `outcome` varchar(60) NOT NULL, `requestId` varchar(64) NULL, `clientIp` varchar(64) NULL, `details` text NULL, `prevHash` varchar(64) NOT NULL, `hash` varchar(64) NOT NULL, INDEX `IDX_ba27cef5b8b2b1a756e06ebcc5` (`at`), INDEX `IDX_1e447b7925a6528429b6f5acdd` (`actorSubject`, `seq`), INDEX `IDX_bb4098b601a38b1e6473849d29` (`actorOrgId`, `seq`), INDEX `IDX_f09b6754a53727514ac2170e7a` (`petitionId`, `seq`), PRIMARY KEY (`seq`)) ENGINE=InnoDB");
    await q.query("CREATE TABLE `audit_head` (`id` int NOT NULL, `seq` bigint NOT NULL, `hash` varchar(64) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    // The one row every append locks; seq 0 and the genesis hash (64 zeros) stand for the empty chain.
    await q.query("INSERT INTO `audit_head` (`id`, `seq`, `hash`) VALUES (1, 0, REPEAT('0', 64))");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE `audit_head`");
    await q.query("DROP INDEX `IDX_f09b6754a53727514ac2170e7a` ON `audit_log`");
    await q.query("DROP INDEX `IDX_bb4098b601a38b1e6473849d29` ON `audit_log`");
    await q.query("DROP INDEX `IDX_1e447b7925a6528429b6f5acdd` ON `audit_log`");
    await q.query("DROP INDEX `IDX_ba27cef5b8b2b1a756e06ebcc5` ON `audit_log`");
    await q.query("DROP TABLE `audit_log`");
  }
}
