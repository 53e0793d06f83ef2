import { MigrationInterface, QueryRunner } from "typeorm";

/** Written by hand (issue 6, identity): OAuth machine clients and their administration history. */
export class MachineClients1795770000000 implements MigrationInterface {
  name = "MachineClients1795770000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE `machine_client` (`id` int NOT NULL AUTO_INCREMENT, `clientId` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `orgId` int NOT NULL, `roles` text NOT NULL, `authMethod` varchar(24) NOT NULL, `secretHash` varchar(200) NULL, `publicJwk` text NULL, `createdAt` datetime(3) NOT NULL, `createdBy` varchar(100) NOT NULL, `rotatedAt` datetime(3) NULL, `revokedAt` datetime(3) NULL, `revokedBy` varchar(100) NULL, UNIQUE INDEX `IDX_81f9e2db8eadb28bf4f689f062` (`clientId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await q.query("CREATE TABLE `machine_client_change` (`id` int NOT NULL AUTO_INCREMENT, `machineClientId` int NOT NULL, `action` varchar(20) NOT NULL, `actor` varchar(100) NOT NULL, `actorOrgId` int NULL, `details` text NOT NULL, `requestId` varchar(64) NULL, `at` datetime(3) NOT NULL, INDEX `IDX_9a13e400030529c7f98280321b` (`machineClientId`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX `IDX_9a13e400030529c7f98280321b` ON `machine_client_change`");
    await q.query("DROP TABLE `machine_client_change`");
    await q.query("DROP INDEX `IDX_81f9e2db8eadb28bf4f689f062` ON `machine_client`");
    await q.query("DROP TABLE `machine_client`");
  }
}
