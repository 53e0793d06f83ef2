import { MigrationInterface, QueryRunner } from "typeorm";

/** The hash-chained audit log and its single chain-head row (written by hand; see docs/decisions.md). */
export class AuditLog1795772000001 implements MigrationInterface {
  name = "AuditLog1795772000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"audit_log\" (\"seq\" bigint PRIMARY KEY NOT NULL, \"at\" datetime(3) NOT NULL, \"alg\" varchar(10) NOT NULL, \"actorSubject\" varchar(200) NOT NULL, \"actorOrgId\" integer, \"onBehalfOfOrgId\" integer, \"roles\" text NOT NULL, \"action\" varchar(100) NOT NULL, \"resourceType\" varchar(40), \"resourceId\" varchar(200), \"petitionId\" integer, \"outcome\" varchar(60) NOT NULL, \"requestId\" varchar(64), \"clientIp\" varchar(64), \"details\" text, \"prevHash\" varchar(64) NOT NULL, \"hash\" varchar(64) NOT NULL)");
    await q.query("CREATE INDEX \"IDX_ba27cef5b8b2b1a756e06ebcc5\" ON \"audit_log\" (\"at\") ");
    await q.query("CREATE INDEX \"IDX_1e447b7925a6528429b6f5acdd\" ON \"audit_log\" (\"actorSubject\", \"seq\") ");
    await q.query("CREATE INDEX \"IDX_bb4098b601a38b1e6473849d29\" ON \"audit_log\" (\"actorOrgId\", \"seq\") ");
    await q.query("CREATE INDEX \"IDX_f09b6754a53727514ac2170e7a\" ON \"audit_log\" (\"petitionId\", \"seq\") ");
    await q.query("CREATE TABLE \"audit_head\" (\"id\" integer PRIMARY KEY NOT NULL, \"seq\" bigint NOT NULL, \"hash\" varchar(64) NOT NULL)");
    // The one row every append reads; seq 0 and the genesis hash (64 zeros) stand for the empty chain.
    await q.query("INSERT INTO \"audit_head\" (\"id\", \"seq\", \"hash\") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"audit_head\"");
    await q.query("DROP INDEX \"IDX_f09b6754a53727514ac2170e7a\"");
    await q.query("DROP INDEX \"IDX_bb4098b601a38b1e6473849d29\"");
    await q.query("DROP INDEX \"IDX_1e447b7925a6528429b6f5acdd\"");
    await q.query("DROP INDEX \"IDX_ba27cef5b8b2b1a756e06ebcc5\"");
    await q.query("DROP TABLE \"audit_log\"");
  }
}
