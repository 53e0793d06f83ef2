import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHub } from "../../src/hub";
import { Role } from "../../src/domain/petition-terms";
import { loadConfig } from "../../src/platform/config";
import { createLogger } from "../../src/platform/logger";

// The embedded default: no DATABASE_URL (SQLite file), no REDIS_URL (a private redis-server), demo data.
describe("embedded default", () => {
  const dir = mkdtempSync(join(tmpdir(), "hub-embedded-"));
  const cwd = process.cwd();
  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  it("starts on SQLite with a private Redis and demo data, answers queries, relays events, and stops", async () => {
    process.chdir(dir); // .data/ (SQLite file, Redis AOF) goes here
    const config = loadConfig({ HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "silent", RELAY_INTERVAL_MS: "50" });
    expect(config.DATABASE_URL).toMatch(/^sqlite:/);
    expect(config.REDIS_URL).toBeUndefined();
    const hub = await startHub(config, { log: createLogger("silent") });
    try {
      const token = (await hub.identity!.issuer.sign({ sub: "smoke", org: "DY_XFJ", roles: [Role.CASE_OFFICER] })).token;
      // The embedded default generated its key pair under the data directory, readable by the owner only.
      expect(statSync(join(dir, ".data/keys/jwks.json")).mode & 0o777).toBe(0o600);
      const res = await fetch(hub.url!, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ petitions(first: 50) { nodes { id state problemLocality { name } deadlines { kind } } } }" }),
      });
      const body = (await res.json()) as { data: { petitions: { nodes: { state: string; problemLocality: { name: string } }[] } } };
      expect(res.status).toBe(200);
      const states = new Set(body.data.petitions.nodes.map((n) => n.state));
      expect(body.data.petitions.nodes.length).toBeGreaterThanOrEqual(20);
      expect(states.size).toBeGreaterThanOrEqual(5);
      // The README's example query works on the embedded default, as a newcomer first types it (and finds something).
      const readme = readFileSync(join(cwd, "README.md"), "utf8");
      const example = /```graphql\n([\s\S]*?)```/.exec(readme)![1];
      const overdue = await fetch(hub.url!, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query: example }) });
      const answer = (await overdue.json()) as { errors?: unknown; data: { petitions: { nodes: { deadlines: { warning: string }[] }[] } } };
      expect(answer.errors).toBeUndefined();
      expect(answer.data.petitions.nodes.length).toBeGreaterThan(0);
      expect(answer.data.petitions.nodes.every((n) => n.deadlines.some((d) => d.warning === "RED"))).toBe(true);
      // The worker half runs too: the demo's outbox drains into the private Redis.
      const deadline = Date.now() + 15_000;
      let unsent = -1;
      while (Date.now() < deadline) {
        unsent = Number((await hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE sentAt IS NULL"))[0].n);
        if (unsent === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(unsent).toBe(0);
    } finally {
      await hub.stop();
    }
  });
});
