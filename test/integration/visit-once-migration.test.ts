import { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source";
import { freshDatabaseUrl, TEST_DB_KIND } from "../factories/test-hub";

// Migration VisitOnce on rows written before it: each matter's first receiving unit is the registering unit of its
// first item (earliest receipt, then id), ignoring legacy UNCONFIRMED members. Runs on the backend of TEST_DB_KIND.
describe(`migration VisitOnce on existing matters (${TEST_DB_KIND})`, () => {
  it("back-fills matter.firstReceivingOrgId from each matter's first item", async () => {
    const db = await freshDatabaseUrl();
    const all = createDataSource({ url: db.url });
    const migrations = all.options.migrations as (new () => { name?: string })[];
    const upTo = migrations.findIndex((m) => /^VisitOnce/.test(m.name));
    expect(upTo).toBeGreaterThan(0);
    const before = new DataSource({ ...all.options, migrations: migrations.slice(0, upTo) } as typeof all.options);
    const at = (iso: string) => (TEST_DB_KIND === "sqlite" ? iso.replace("T", " ").replace("Z", "") : new Date(iso));
    await before.initialize();
    try {
      await before.runMigrations({ transaction: "each" });
      for (const id of [1, 2, 3]) await before.query("INSERT INTO matter (id, factsFingerprint, terminatedAt, createdAt) VALUES (?, ?, NULL, ?)", [id, `i1:${String(id).repeat(64)}`, at("2026-01-05T02:00:00.000Z")]);
      const item = (id: number, matterId: number, link: string, registeringOrgId: number, receivedAt: string) =>
        before.query(
          "INSERT INTO petition (id, number, matterId, matterLink, state, channel, category, localityOrgId, registeringOrgId, summary, request, receivedAt, updatedAt, version) VALUES (?, ?, ?, ?, 'REGISTERED', 'VISIT', 'APPEAL_REQUEST', 1, ?, '旧数据', '请求', ?, ?, 1)",
          [id, `XF20260105-00000${id}`, matterId, link, registeringOrgId, at(receivedAt), at(receivedAt)],
        );
      // Matter 1: item 2 (org 20) was received before item 1 (org 10), so org 20 registered the first item.
      await item(1, 1, "OWN", 10, "2026-01-05T02:00:00.000Z");
      await item(2, 1, "CONFIRMED", 20, "2026-01-04T02:00:00.000Z");
      // Matter 2: the earliest member is a legacy UNCONFIRMED join (org 40), which decides nothing: org 30.
      await item(3, 2, "OWN", 30, "2026-01-05T02:00:00.000Z");
      await item(4, 2, "UNCONFIRMED", 40, "2026-01-01T02:00:00.000Z");
      // Matter 3: the same instant, so the lower id came first: org 50.
      await item(6, 3, "CONFIRMED", 60, "2026-01-03T02:00:00.000Z");
      await item(5, 3, "OWN", 50, "2026-01-03T02:00:00.000Z");
    } finally {
      await before.destroy();
    }
    await all.initialize();
    try {
      await all.runMigrations({ transaction: "each" });
      const rows: { id: number; firstReceivingOrgId: number }[] = await all.query("SELECT id, firstReceivingOrgId FROM matter ORDER BY id");
      expect(rows.map((r) => [Number(r.id), Number(r.firstReceivingOrgId)])).toEqual([
        [1, 20],
        [2, 30],
        [3, 50],
      ]);
    } finally {
      await all.destroy();
      await db.drop();
    }
  });
});
