import { MigrationInterface, QueryRunner } from "typeorm";

const AUDIT_COLUMNS = ["seq", "at", "alg", "actorSubject", "actorOrgId", "onBehalfOfOrgId", "roles", "action", "resourceType", "resourceId", "petitionId", "outcome", "requestId", "clientIp", "details", "prevHash", "hash"];
const auditLog = (name: string, actorLength: number) =>
  `CREATE TABLE "${name}" ("seq" bigint PRIMARY KEY NOT NULL, "at" datetime(3) NOT NULL, "alg" varchar(10) NOT NULL, "actorSubject" varchar(${actorLength}) NOT NULL, "actorOrgId" integer, "onBehalfOfOrgId" integer, "roles" text NOT NULL, "action" varchar(100) NOT NULL, "resourceType" varchar(40), "resourceId" varchar(200), "petitionId" integer, "outcome" varchar(60) NOT NULL, "requestId" varchar(64), "clientIp" varchar(64), "details" text, "prevHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)`;
const AUDIT_INDEXES = [
  `CREATE INDEX "IDX_ba27cef5b8b2b1a756e06ebcc5" ON "audit_log" ("at") `,
  `CREATE INDEX "IDX_1e447b7925a6528429b6f5acdd" ON "audit_log" ("actorSubject", "seq") `,
  `CREATE INDEX "IDX_bb4098b601a38b1e6473849d29" ON "audit_log" ("actorOrgId", "seq") `,
  `CREATE INDEX "IDX_f09b6754a53727514ac2170e7a" ON "audit_log" ("petitionId", "seq") `,
];
const PII_COLUMNS = ["id", "actor", "actorOrgId", "petitionId", "petitionerId", "field", "requestId", "at"];
const piiAccess = (name: string, actorLength: number) =>
  `CREATE TABLE "${name}" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "actor" varchar(${actorLength}) NOT NULL, "actorOrgId" integer, "petitionId" integer NOT NULL, "petitionerId" integer NOT NULL, "field" varchar(60) NOT NULL, "requestId" varchar(64), "at" datetime(3) NOT NULL)`;
const PII_INDEXES = [`CREATE INDEX "IDX_789f6f824f3aee57178e5b4890" ON "pii_access" ("petitionerId", "at") `];

/** SQLite changes a column's declared type only by rebuilding the table: copy into the new shape, swap, re-index. */
async function rebuild(q: QueryRunner, table: string, create: (name: string) => string, columns: string[], indexes: string[]): Promise<void> {
  const cols = columns.map((c) => `"${c}"`).join(", ");
  await q.query(create(`temporary_${table}`));
  await q.query(`INSERT INTO "temporary_${table}"(${cols}) SELECT ${cols} FROM "${table}"`);
  await q.query(`DROP TABLE "${table}"`);
  await q.query(`ALTER TABLE "temporary_${table}" RENAME TO "${table}"`);
  for (const i of indexes) await q.query(i);
}

/**
 * Actor columns wide enough for what authentication accepts (src/domain/limits.ts): `subject via gateway`, up to
 * 2 × 100 + 5 characters. SQLite enforces no varchar length, but the declared type is kept equal to the entities'
 * so the drift check (test/integration/migrations.test.ts) stays exact (written by hand).
 */
export class ColumnBounds1795773300001 implements MigrationInterface {
  name = "ColumnBounds1795773300001";

  async up(q: QueryRunner): Promise<void> {
    await rebuild(q, "audit_log", (n) => auditLog(n, 205), AUDIT_COLUMNS, AUDIT_INDEXES);
    await rebuild(q, "pii_access", (n) => piiAccess(n, 205), PII_COLUMNS, PII_INDEXES);
  }

  async down(q: QueryRunner): Promise<void> {
    await rebuild(q, "pii_access", (n) => piiAccess(n, 100), PII_COLUMNS, PII_INDEXES);
    await rebuild(q, "audit_log", (n) => auditLog(n, 200), AUDIT_COLUMNS, AUDIT_INDEXES);
  }
}
