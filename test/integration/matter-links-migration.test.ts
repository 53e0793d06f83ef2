import { createHash } from "node:crypto";
import { DataSource } from "typeorm";
import { createDataSource } from "../../src/db/data-source";
import { freshDatabaseUrl, TEST_DB_KIND } from "../factories/test-hub";

// Migration MatterLinks on a database written by the version before it (items auto-joined by the facts
// fingerprint): the first item of each matter opened it (OWN), the others become UNCONFIRMED (they bar nothing until
// a person confirms them), and every request gets its digest. Runs on the backend of TEST_DB_KIND.
describe(`migration MatterLinks on legacy rows (${TEST_DB_KIND})`, () => {
  it("classifies auto-joined items UNCONFIRMED and back-fills request digests", async () => {
    const db = await freshDatabaseUrl();
    const all = createDataSource({ url: db.url });
    const migrations = all.options.migrations as (new () => { name?: string })[];
    const upTo = migrations.findIndex((m) => /^MatterLinks/.test(m.name));
    expect(upTo).toBeGreaterThan(0);
    const before = new DataSource({ ...all.options, migrations: migrations.slice(0, upTo) } as typeof all.options);
    await before.initialize();
    try {
      await before.runMigrations({ transaction: "each" });
      const now = TEST_DB_KIND === "sqlite" ? "2026-01-05 02:00:00.000" : new Date("2026-01-05T02:00:00Z");
      for (const id of [1, 2]) await before.query("INSERT INTO matter (id, factsFingerprint, terminatedAt, createdAt) VALUES (?, ?, NULL, ?)", [id, `i1:${String(id).repeat(64)}`, now]);
      const item = (id: number, matterId: number, request: string) =>
        before.query(
          "INSERT INTO petition (id, number, matterId, state, channel, category, localityOrgId, registeringOrgId, summary, request, receivedAt, updatedAt, version) VALUES (?, ?, ?, 'REGISTERED', 'LETTER', 'APPEAL_REQUEST', 1, 1, '旧数据', ?, ?, ?, 1)",
          [id, `XF20260105-00000${id}`, matterId, request, now, now],
        );
      await item(1, 1, "请求 补发补偿款。");
      await item(2, 1, "请求补发补偿款");
      await item(3, 2, "Request: PAY the arrears!");
      await item(4, 1, "请求补发补偿款");
    } finally {
      await before.destroy();
    }
    await all.initialize();
    try {
      await all.runMigrations({ transaction: "each" });
      const rows: { id: number; matterLink: string; requestDigest: string }[] = await all.query("SELECT id, matterLink, requestDigest FROM petition ORDER BY id");
      // Worked out by hand: spaces and punctuation removed, lower case.
      const sha = (s: string) => createHash("sha256").update(s).digest("hex");
      expect(rows.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
        { id: 1, matterLink: "OWN", requestDigest: sha("请求补发补偿款") },
        { id: 2, matterLink: "UNCONFIRMED", requestDigest: sha("请求补发补偿款") },
        { id: 3, matterLink: "OWN", requestDigest: sha("requestpaythearrears") },
        { id: 4, matterLink: "UNCONFIRMED", requestDigest: sha("请求补发补偿款") },
      ]);
      const [{ n }] = await all.query("SELECT COUNT(*) AS n FROM matter_link_decision");
      expect(Number(n)).toBe(0);
    } finally {
      await all.destroy();
      await db.drop();
    }
  });
});
