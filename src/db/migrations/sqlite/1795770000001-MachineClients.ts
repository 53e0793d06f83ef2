import { MigrationInterface, QueryRunner } from "typeorm";

/** Written by hand (issue 6, identity): OAuth machine clients and their administration history. */
export class MachineClients1795770000001 implements MigrationInterface {
  name = "MachineClients1795770000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"machine_client\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"clientId\" varchar(64) NOT NULL, \"name\" varchar(200) NOT NULL, \"orgId\" integer NOT NULL, \"roles\" text NOT NULL, \"authMethod\" varchar(24) NOT NULL, \"secretHash\" varchar(200), \"publicJwk\" text, \"createdAt\" datetime(3) NOT NULL, \"createdBy\" varchar(100) NOT NULL, \"rotatedAt\" datetime(3), \"revokedAt\" datetime(3), \"revokedBy\" varchar(100))");
    await q.query("CREATE UNIQUE INDEX \"IDX_81f9e2db8eadb28bf4f689f062\" ON \"machine_client\" (\"clientId\") ");
    await q.query("CREATE TABLE \"machine_client_change\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"machineClientId\" integer NOT NULL, \"action\" varchar(20) NOT NULL, \"actor\" varchar(100) NOT NULL, \"actorOrgId\" integer, \"details\" text NOT NULL, \"requestId\" varchar(64), \"at\" datetime(3) NOT NULL)");
    await q.query("CREATE INDEX \"IDX_9a13e400030529c7f98280321b\" ON \"machine_client_change\" (\"machineClientId\", \"id\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_9a13e400030529c7f98280321b\"");
    await q.query("DROP TABLE \"machine_client_change\"");
    await q.query("DROP INDEX \"IDX_81f9e2db8eadb28bf4f689f062\"");
    await q.query("DROP TABLE \"machine_client\"");
  }
}
