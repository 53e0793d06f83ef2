/**
 * Bench child process: the baseline for `bench api`. A plain node:http server that answers any POST with what the
 * hub returns for the benchmark query as a 残联 handler, straight from a mysql2 pool: one visibility-filtered page
 * query, then petitioners, handler organisations and open deadlines with IN lists (run concurrently, as the hub's
 * DataLoaders do), the stored masked copies, JSON in the GraphQL response shape. No auth, no GraphQL, no ORM.
 *
 * Env: DATABASE_URL, DB_POOL_SIZE, ORG_CODE (whose view), PAGE_SIZE.
 */
import { createServer } from "node:http";
import { AddressInfo } from "node:net";
import { createPool, RowDataPacket } from "mysql2/promise";
import { reportReady, stopWith } from "./lib/load";

const env = (k: string) => process.env[k] ?? "";
const pool = createPool({ uri: env("DATABASE_URL"), connectionLimit: Number(env("DB_POOL_SIZE") || 20), timezone: "Z", supportBigNumbers: true, bigNumberStrings: true });
const pageSize = Number(env("PAGE_SIZE") || 20);

const rows = async <T>(sql: string, params: unknown[]) => (await pool.query<RowDataPacket[]>(sql, params))[0] as T[];
const groupBy = <T extends { petitionId: number }>(list: T[]) => {
  const m = new Map<number, T[]>();
  for (const r of list) {
    const l = m.get(r.petitionId);
    if (l) l.push(r);
    else m.set(r.petitionId, [r]);
  }
  return m;
};

interface PetitionRow { id: number; number: string; state: string; category: string; summary: string; receivedAt: Date; handlerOrgId: number | null }
interface PetitionerRow { petitionId: number; name: string; idNumberMasked: string | null; phoneMasked: string | null }
interface DeadlineRow { petitionId: number; kind: string; dueAt: Date; state: string }

async function page(orgId: number): Promise<string> {
  const ps = await rows<PetitionRow>(
    "SELECT p.id, p.number, p.state, p.category, p.summary, p.receivedAt, p.handlerOrgId FROM petition p " +
      "WHERE EXISTS (SELECT 1 FROM petition_access pa WHERE pa.petitionId = p.id AND pa.orgId = ?) AND (p.accusedOrgId IS NULL OR p.accusedOrgId <> ?) " +
      "ORDER BY p.id DESC LIMIT ?",
    [orgId, orgId, pageSize],
  );
  const ids = ps.map((p) => p.id);
  const handlerIds = [...new Set(ps.map((p) => p.handlerOrgId).filter((x): x is number => x !== null))];
  const [petitioners, orgs, deadlines] = ids.length
    ? await Promise.all([
        rows<PetitionerRow>("SELECT petitionId, name, idNumberMasked, phoneMasked FROM petitioner WHERE petitionId IN (?) ORDER BY id", [ids]),
        handlerIds.length ? rows<{ id: number; name: string }>("SELECT id, name FROM organization WHERE id IN (?)", [handlerIds]) : [],
        rows<DeadlineRow>("SELECT petitionId, kind, dueAt, state FROM deadline WHERE petitionId IN (?) AND closedAt IS NULL ORDER BY id", [ids]),
      ])
    : [[], [], []];
  const byPetition = groupBy(petitioners);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const openByPetition = groupBy(deadlines);
  const nodes = ps.map((p) => {
    const handler = p.handlerOrgId === null ? undefined : orgById.get(p.handlerOrgId);
    return {
      id: String(p.id),
      number: p.number,
      state: p.state,
      category: p.category,
      summary: p.summary,
      receivedAt: p.receivedAt.toISOString(),
      petitioners: (byPetition.get(p.id) ?? []).map((x) => ({ name: x.name, idNumber: x.idNumberMasked, phone: x.phoneMasked })),
      currentHandler: handler ? { id: String(handler.id), name: handler.name } : null,
      deadlines: (openByPetition.get(p.id) ?? []).map((d) => ({ kind: d.kind, dueAt: d.dueAt.toISOString(), state: d.state })),
    };
  });
  return JSON.stringify({ data: { petitions: { nodes } } });
}

async function main() {
  const [org] = await rows<{ id: number }>("SELECT id FROM organization WHERE code = ?", [env("ORG_CODE")]);
  if (!org) throw new Error(`no organisation ${env("ORG_CODE")}`);
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method !== "POST") return void res.writeHead(405).end();
      page(org.id).then(
        (body) => res.writeHead(200, { "content-type": "application/json" }).end(body),
        (e: Error) => res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: e.message }] })),
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stopWith(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  });
  reportReady(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
}

main().catch((e: unknown) => {
  process.send?.({ error: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
