import { Role } from "../../src/domain/petition-terms";
import { Principal, seesEverything } from "../../src/domain/access/principal";
import { canSeePetition } from "../../src/domain/access/visibility";
import { OrganizationEntity } from "../../src/db/entities";
import { findVisiblePetitions } from "../../src/db/petition-queries";
import { orgPath } from "../../src/db/org-tree";
import { startTestHub, TestHub } from "../factories/test-hub";

let t: TestHub;
let registrar: string;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
  ids = {};
  for (const code of ["GRX_XFJ", "LJX_XFJ", "DY_ZJJ", "DY_JWJW", "DY_CL", "SL_YT"]) ids[code] = String((await t.org(code)).id);
});
afterAll(() => t?.stop());

async function submit(input: Record<string, unknown>): Promise<string> {
  const r = await t.gql<{ submitPetition: { id: string } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "ONLINE", category: "APPEAL_REQUEST", summary: "事实", request: "请求", petitioners: [{ name: "张某", idNumber: "37050219900101123X", phone: "13912345678", disabled: true }], ...input },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition.id;
}

const READ = `query($id: ID!) { petition(id: $id) { id petitioners { idNumber phone disabled unmasked } } }`;

describe("who may see what", () => {
  it("a county office sees petitions located in it, not another county's", async () => {
    const inGuangrao = await submit({ localityOrgId: ids.GRX_XFJ, summary: "广饶县工资拖欠" });
    const guangrao = await t.token("GRX_XFJ", [Role.CASE_OFFICER]);
    const lijin = await t.token("LJX_XFJ", [Role.CASE_OFFICER]);
    expect((await t.gql<{ petition: { id: string } | null }>(guangrao, READ, { id: inGuangrao })).data?.petition?.id).toBe(inGuangrao);
    expect((await t.gql<{ petition: unknown }>(lijin, READ, { id: inGuangrao })).data?.petition).toBeNull();
    const list = await t.gql<{ petitions: { nodes: { id: string }[] } }>(lijin, `{ petitions(first: 100) { nodes { id } } }`);
    expect(list.data!.petitions.nodes.map((n) => n.id)).not.toContain(inGuangrao);
    // Acting on an invisible petition looks exactly like acting on a missing one.
    const act = await t.gql(lijin, `mutation { startRouting(id: "${inGuangrao}") { id } }`);
    expect(act.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("a department sees a petition once it is routed to it, and only then", async () => {
    const id = await submit({ localityOrgId: ids.LJX_XFJ, summary: "小区物业维修基金使用不公开" });
    const zjj = await t.token("DY_ZJJ", [Role.HANDLER]);
    expect((await t.gql<{ petition: unknown }>(zjj, READ, { id })).data?.petition).toBeNull();
    await t.gql(registrar, `mutation { forwardPetition(id: "${id}", toOrgId: "${ids.DY_ZJJ}") { id } }`);
    const seen = await t.gql<{ petition: { petitioners: { idNumber: string; phone: string; disabled: boolean | null; unmasked: boolean }[] } }>(zjj, READ, { id });
    // Masked for a handler: birth date hidden, phone middle hidden, group status withheld.
    expect(seen.data?.petition.petitioners[0]).toEqual({ idNumber: "3705**********123X", phone: "139****5678", disabled: null, unmasked: false });
  });

  it("a partner agency sees a special-group petition through its referral, and nothing else", async () => {
    const tagged = await submit({ localityOrgId: ids.LJX_XFJ, summary: "残疾人两项补贴未按时发放", specialGroups: ["DISABLED"] });
    const other = await submit({ localityOrgId: ids.LJX_XFJ, summary: "道路积水无人处理" });
    const cl = await t.token("DY_CL", [Role.AGENCY_SYSTEM]);
    expect((await t.gql<{ petition: { id: string } | null }>(cl, READ, { id: tagged })).data?.petition?.id).toBe(tagged);
    expect((await t.gql<{ petition: unknown }>(cl, READ, { id: other })).data?.petition).toBeNull();
  });

  it("an accusation is never visible to the accused unit, even when it is the locality", async () => {
    const id = await submit({ category: "ACCUSATION", localityOrgId: ids.SL_YT, accusedOrgId: ids.SL_YT, summary: "举报油田某单位负责人违规" });
    const oilfield = await t.token("SL_YT", [Role.CASE_OFFICER]);
    expect((await t.gql<{ petition: unknown }>(oilfield, READ, { id })).data?.petition).toBeNull();
    const list = await t.gql<{ petitions: { nodes: { id: string }[] } }>(oilfield, `{ petitions(first: 100) { nodes { id } } }`);
    expect(list.data!.petitions.nodes.map((n) => n.id)).not.toContain(id);
    // Nor can it be routed to the accused.
    const r = await t.gql(registrar, `mutation { forwardPetition(id: "${id}", toOrgId: "${ids.SL_YT}") { id } }`);
    expect(r.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("the SQL visibility filter agrees with the domain rule for every principal and petition", async () => {
    // A spread of petitions: plain, routed, an accusation located in its accused unit, a referred one.
    await submit({ localityOrgId: ids.LJX_XFJ, summary: "一般事项" });
    const routed = await submit({ localityOrgId: ids.GRX_XFJ, summary: "转住建" });
    await t.gql(registrar, `mutation { forwardPetition(id: "${routed}", toOrgId: "${ids.DY_ZJJ}") { id } }`);
    await submit({ category: "ACCUSATION", localityOrgId: ids.SL_YT, accusedOrgId: ids.SL_YT, summary: "举报" });
    await submit({ localityOrgId: ids.GRX_XFJ, specialGroups: ["DISABLED"], summary: "残疾人补贴" });
    const db = t.hub.deps.db;
    const petitions: { id: number; accusedOrgId: number | null }[] = await db.query("SELECT id, accusedOrgId FROM petition");
    const access: { petitionId: number; orgId: number; reason: string }[] = await db.query("SELECT petitionId, orgId, reason FROM petition_access");
    const orgs = await db.getRepository(OrganizationEntity).find();
    let visibleSomewhere = 0;
    for (const o of orgs) {
      const p: Principal = { subject: "x", orgId: o.id, orgCode: o.code, orgKind: o.kind, orgLevel: o.level, orgPath: await orgPath(db, o.id), roles: [Role.CASE_OFFICER] };
      const found = await findVisiblePetitions(db, p, petitions.map((x) => x.id));
      const bySql = new Set(found.rows.map((x) => x.id));
      const byRule = new Set(petitions.filter((x) => canSeePetition(p, { access: access.filter((a) => a.petitionId === x.id), accusedOrgId: x.accusedOrgId })).map((x) => x.id));
      expect([o.code, [...bySql].sort()]).toEqual([o.code, [...byRule].sort()]);
      // The access rows read with each petition are exactly the principal's own (what the view's rules read).
      const reasons = (rows: { reason: string }[]) => rows.map((a) => a.reason).sort();
      const own = found.rows.map((x, i) => [x.id, reasons(found.ownAccess?.[i] ?? [])]);
      const expected = found.rows.map((x) => [x.id, seesEverything(p) ? [] : reasons(access.filter((a) => a.petitionId === x.id && a.orgId === o.id))]);
      expect([o.code, own]).toEqual([o.code, expected]);
      if (seesEverything(p)) expect(found.ownAccess).toBeNull(); // the bureau sees all: nothing read
      else expect(found.ownAccess?.every((g, i) => g.every((a) => a.orgId === o.id && a.petitionId === found.rows[i].id))).toBe(true);
      if (o.code !== "DY_XFJ") visibleSomewhere += bySql.size;
    }
    expect(visibleSomewhere).toBeGreaterThan(0); // not vacuous: other units do see some petitions
  });

  it("registrars read personal data in clear and every clear read is audited", async () => {
    const id = await submit({ localityOrgId: ids.GRX_XFJ, summary: "审计测试" });
    const r = await t.gql<{ petition: { petitioners: { idNumber: string; phone: string; disabled: boolean; unmasked: boolean }[] } }>(registrar, READ, { id });
    expect(r.data?.petition.petitioners[0]).toEqual({ idNumber: "37050219900101123X", phone: "13912345678", disabled: true, unmasked: true });
    const rows: { field: string; actor: string }[] = await t.hub.deps.db.query("SELECT field, actor FROM pii_access WHERE petitionId = ? ORDER BY field", [id]);
    expect(rows.map((x) => x.field)).toEqual(["disabled", "idNumber", "phone"]);
    expect(rows.every((x) => x.actor === "test:DY_XFJ")).toBe(true);
  });

  it("refuses forged, expired and missing credentials with coded errors", async () => {
    const forged = (await t.token("DY_XFJ", [Role.REGISTRAR])).replace(/.{6}$/, "AAAAAA");
    const f = await t.gql(forged, `{ petitions { nodes { id } } }`);
    expect(f.status).toBe(401);
    expect(f.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const expired = await t.sign({ sub: "x", org: "DY_XFJ", roles: [Role.REGISTRAR] }, { ttlSeconds: -10 });
    const e = await t.gql(expired, `{ petitions { nodes { id } } }`);
    expect(e.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const anon = await t.gql(null, `{ petitions { nodes { id } } }`);
    expect(anon.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const handler = await t.token("DY_ZJJ", [Role.HANDLER]);
    const reg = await t.gql(handler, `mutation { submitPetition(input: { channel: LETTER, category: SUGGESTION, localityOrgId: "${ids.GRX_XFJ}", summary: "x", request: "y", anonymous: true }) { id } }`);
    expect(reg.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
