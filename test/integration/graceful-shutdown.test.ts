import { createConnection } from "mysql2/promise";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub } from "../factories/test-hub";

// Deterministic drain: hold a row lock so a mutation is provably in flight when stop() begins.
describe("graceful shutdown", () => {
  it("finishes in-flight requests, then refuses new connections and closes", async () => {
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
});
