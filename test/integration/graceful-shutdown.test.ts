import { request } from "node:http";
import { createConnection } from "mysql2/promise";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TEST_DB_KIND } from "../factories/test-hub";

// Deterministic drain: hold a row lock so a mutation is provably in flight when stop() begins.
describe("graceful shutdown", () => {
  // MariaDB: a row lock held from outside proves a transaction in flight. SQLite has no row locks (and
  // better-sqlite3 would wait for a file lock synchronously, blocking the event loop), so there the request is
  // held in flight by sending its body only after stop() began; both must finish before the server closes.
  // Defined on MariaDB only (not skipped): the variant below covers SQLite.
  if (TEST_DB_KIND === "mariadb") it("finishes in-flight requests, then refuses new connections and closes", async () => {
    const t = await startTestHub();
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const created = await t.gql<{ submitPetition: { id: string } }>(registrar, `mutation { submitPetition(input: { channel: LETTER, category: SUGGESTION, localityOrgId: "${(await t.org("GRX_XFJ")).id}", summary: "建议增设公交线路", request: "增设线路", anonymous: true }) { id } }`);
    const id = created.data!.submitPetition.id;

    const u = new URL(t.databaseUrl);
    const locker = await createConnection({ host: u.hostname, port: Number(u.port), user: u.username, password: u.password, database: u.pathname.slice(1) });
    await locker.query("START TRANSACTION");
    await locker.query("SELECT id FROM petition WHERE id = ? FOR UPDATE", [id]);

    const inFlight = t.gql<{ startRouting: { state: string } }>(registrar, `mutation { startRouting(id: "${id}") { state } }`);
    // Wait until the hub's transaction is blocked on our lock.
    for (let i = 0; i < 200; i++) {
      const [rows] = await locker.query("SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE '%FOR UPDATE%' AND id <> CONNECTION_ID()");
      if (Number((rows as { n: number }[])[0].n) > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    let stopped = false;
    const stopping = t.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(stopped).toBe(false); // still draining

    await locker.query("COMMIT");
    await locker.end();
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(r.data?.startRouting.state).toBe("ROUTING");
    await stopping;
    await expect(fetch(t.url, { method: "POST" })).rejects.toThrow();
  });

  it("finishes a request whose body is still arriving, then refuses new connections and closes", async () => {
    const t = await startTestHub();
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const created = await t.gql<{ submitPetition: { id: string } }>(registrar, `mutation { submitPetition(input: { channel: LETTER, category: SUGGESTION, localityOrgId: "${(await t.org("GRX_XFJ")).id}", summary: "建议增设公交线路", request: "增设线路", anonymous: true }) { id } }`);
    const id = created.data!.submitPetition.id;
    const body = JSON.stringify({ query: `mutation { startRouting(id: "${id}") { state } }` });
    const u = new URL(t.url);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${registrar}` } }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10)); // headers and the first bytes: the request is in flight
      setTimeout(() => req.end(body.slice(10)), 500);
    });
    await new Promise((r) => setTimeout(r, 100));
    let stopped = false;
    const stopping = t.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(stopped).toBe(false); // still draining
    const r = await answer;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).data?.startRouting.state).toBe("ROUTING");
    await stopping;
    await expect(fetch(t.url, { method: "POST" })).rejects.toThrow();
  });
});
