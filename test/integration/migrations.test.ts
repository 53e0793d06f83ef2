import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDataSource, openDatabase } from "../../src/db/data-source";
import { freshDatabaseUrl } from "../factories/test-hub";

// Migrations, not synchronize, build the schema: after they run, the entities must need no further change.
describe("migrations match the entities", () => {
  it("on MariaDB", async () => {
    const db = await freshDatabaseUrl("mariadb");
    const ds = await openDatabase({ url: db.url });
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // And they can be reverted cleanly.
      for (let i = 0; i < ds.migrations.length; i++) await ds.undoLastMigration();
      const [{ n }] = await ds.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'petition'");
      expect(Number(n)).toBe(0);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it("on SQLite (the embedded default)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hub-mig-"));
    try {
      const ds = await openDatabase({ url: `sqlite:${join(dir, "m.sqlite")}` });
      const pending = await ds.driver.createSchemaBuilder().log();
      // SQLite allows AUTOINCREMENT only on INTEGER keys, so the bigint ids are integer there; TypeORM reports
      // that as a difference on exactly those two tables and nothing else.
      const rebuilt = new Set(pending.upQueries.map((q) => /^CREATE TABLE "temporary_(\w+)"/.exec(q.query)?.[1]).filter(Boolean));
      const other = pending.upQueries.filter((q) => !/^(CREATE TABLE "temporary_|INSERT INTO "temporary_|DROP TABLE|ALTER TABLE "temporary_|DROP INDEX|CREATE INDEX)/.test(q.query));
      expect([...rebuilt].sort()).toEqual(["outbox", "pii_access"]);
      expect(other).toEqual([]);
      await ds.destroy();
      expect(createDataSource({ url: `sqlite:${join(dir, "m.sqlite")}` }).options.synchronize).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
