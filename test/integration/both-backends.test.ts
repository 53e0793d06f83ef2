import { DeadlineEntity } from "../../src/db/entities";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// The same behaviour on MariaDB and on the embedded SQLite default: raw SQL with Date parameters (better-sqlite3 binds
// no Date by itself) and the README's own first query, whose overdue filter failed on SQLite.
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
});
afterAll(() => t?.stop());

async function submit(summary: string): Promise<number> {
  const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
  const r = await t.gql<{ submitPetition: { id: string } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "LETTER", category: "SUGGESTION", localityOrgId: String((await t.org("GRX_XFJ")).id), summary, request: "请求", anonymous: true },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return Number(r.data!.submitPetition.id);
}

describe("both backends", () => {
  it("a Date bound in raw SQL is stored and compared exactly like TypeORM's own values", async () => {
    const id = await submit("原始SQL日期参数");
    const due = new Date("2027-03-04T05:06:07.089Z");
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ?", [due, id]);
    const [d] = await t.hub.deps.db.getRepository(DeadlineEntity).findBy({ petitionId: id });
    expect(d.dueAt.toISOString()).toBe("2027-03-04T05:06:07.089Z");
    const count = async (op: string, at: Date) => Number((await t.hub.deps.db.query(`SELECT COUNT(*) AS n FROM deadline WHERE petitionId = ? AND dueAt ${op} ?`, [id, at]))[0].n);
    expect(await count("=", due)).toBe(1);
    expect(await count("<", new Date(due.getTime() + 1))).toBe(1);
    expect(await count("<", due)).toBe(0);
  });

  it("the README's first query (overdue filter) and the registration-date filters answer on this backend", async () => {
    const id = await submit("逾期过滤");
    await t.hub.deps.db.query("UPDATE deadline SET dueAt = ? WHERE petitionId = ?", [new Date(Date.now() - 86_400_000), id]);
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const q = `query($f: PetitionFilterInput) { petitions(first: 100, filter: $f) { nodes { id number state petitioners { name } deadlines(openOnly: true) { kind dueAt warning } } } }`;
    const overdue = await t.gql<{ petitions: { nodes: { id: string }[] } }>(officer, q, { f: { overdue: true } });
    expect(overdue.errors).toBeUndefined();
    expect(overdue.data!.petitions.nodes.map((n) => Number(n.id))).toContain(id);
    const notOverdue = await t.gql<{ petitions: { nodes: { id: string }[] } }>(officer, q, { f: { overdue: false } });
    expect(notOverdue.data!.petitions.nodes.map((n) => Number(n.id))).not.toContain(id);
    const today = await t.gql<{ petitions: { nodes: { id: string }[] } }>(officer, q, { f: { registeredFrom: new Date(Date.now() - 3_600_000).toISOString(), registeredTo: new Date(Date.now() + 60_000).toISOString() } });
    expect(today.errors).toBeUndefined();
    expect(today.data!.petitions.nodes.map((n) => Number(n.id))).toContain(id);
    const before = await t.gql<{ petitions: { nodes: { id: string }[] } }>(officer, q, { f: { registeredTo: new Date(Date.now() - 3_600_000).toISOString() } });
    expect(before.data!.petitions.nodes.map((n) => Number(n.id))).not.toContain(id);
  });

  it("deadlines(openOnly: true) leaves out closed clocks (read with closedAt IS NULL), and the full list keeps them", async () => {
    const id = await submit("关闭的时限");
    const all = await t.hub.deps.db.getRepository(DeadlineEntity).find({ where: { petitionId: id }, order: { id: "ASC" } });
    expect(all.length).toBeGreaterThan(0);
    await t.hub.deps.db.query("UPDATE deadline SET closedAt = ?, state = 'MET' WHERE id = ?", [new Date(), all[0].id]);
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const r = await t.gql<{ petition: { open: { id: string }[]; every: { id: string; closedAt: string | null }[] } }>(
      officer,
      `query($id: ID!) { petition(id: $id) { open: deadlines(openOnly: true) { id } every: deadlines { id closedAt } } }`,
      { id: String(id) },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.petition.every.map((d) => Number(d.id))).toEqual(all.map((d) => d.id));
    expect(r.data!.petition.every[0].closedAt).not.toBeNull();
    expect(r.data!.petition.open.map((d) => Number(d.id))).toEqual(all.slice(1).filter((d) => d.closedAt === null).map((d) => d.id));
  });
});
