import { Role } from "../../src/domain/petition-terms";
import { ReferralState } from "../../src/domain/referrals/referral-terms";
import { ReferralEntity } from "../../src/db/entities";
import { loadConfig } from "../../src/platform/config";
import { startTestHub, TestHub } from "../factories/test-hub";

// What a partner agency or special unit reads of a petition, field by field, through HTTP (PIPL Art. 34; Regulations
// Art. 30): its projection only, and only while its reason to see the petition lasts.

const WHOLE = `query($id: ID!) { petition(id: $id) {
  id number matterId state channel category summary request headcount specialGroups
  flags { groupVisit } extended receivedAt registeredAt updatedAt
  problemLocality { code } currentHandler { code } registeringUnit { code } accusedUnit { code }
  petitioners { name idNumber phone disabled veteran unmasked }
  deadlines { kind } referrals { agency { code } response { opinion } }
  history { event actor actorOrgId reason toState legalBasis details }
} }`;

let t: TestHub;
const ids: Record<string, string> = {};
let officer: string;

async function ok<T = Record<string, unknown>>(token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const r = await t.gql<T>(token, query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!;
}

/** A veteran with a disability, located in the oilfield: referred to 残联, 退役军人事务局 and 胜利油田 (lead). */
async function sharedPetition(summary: string): Promise<{ id: string; number: string; referrals: Record<string, string> }> {
  const d = await ok<{ submitPetition: { id: string; number: string; referrals: { id: string; agency: { code: string } }[] } }>(
    officer,
    `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id number referrals { id agency { code } } } }`,
    { i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: ids.SL_YT, summary, request: "请求落实优抚和残疾补贴", specialGroups: ["DISABLED", "VETERAN_MILITARY"], petitioners: [{ name: "周某", idNumber: "370502196501010019", phone: "13605461234", disabled: true, veteran: true }] } },
  );
  return { id: d.submitPetition.id, number: d.submitPetition.number, referrals: Object.fromEntries(d.submitPetition.referrals.map((r) => [r.agency.code, r.id])) };
}

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  for (const code of ["DY_XFJ", "DY_ZJJ", "DY_JYJ", "SL_YT", "DY_CL"]) ids[code] = String((await t.org(code)).id);
  officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
});
afterAll(() => t?.stop());

describe("partners see a purpose-limited projection", () => {
  let p: { id: string; number: string; referrals: Record<string, string> };
  beforeAll(async () => {
    p = await sharedPetition("退役伤残军人优抚金和残疾人补贴均未落实");
    const zjj = await t.token("DY_ZJJ", [Role.HANDLER]);
    await ok(officer, `mutation { forwardPetition(id: "${p.id}", toOrgId: "${ids.DY_ZJJ}", reason: "住房问题") { id } }`);
    await ok(zjj, `mutation { acceptPetition(id: "${p.id}", reason: "属本单位职责") { id } }`);
    await ok(zjj, `mutation { startHandling(id: "${p.id}") { id } }`);
    await ok(zjj, `mutation { answerPetition(id: "${p.id}", outcome: SUPPORT, text: "住建局答复：同意安排保障性住房") { id } }`);
    const tyjr = await t.token("DY_TYJR", [Role.AGENCY_SYSTEM]);
    await ok(tyjr, `mutation { respondToReferral(id: "${p.referrals.DY_TYJR}", input: { opinion: "退役军人事务局意见：优抚金已补发", attachments: [] }) { id } }`);
  });

  /** Every history entry as another unit's: event, time and organisation only. */
  const redacted = (event: string, orgId: string) => ({ event, actor: null, actorOrgId: orgId, reason: null, toState: null, legalBasis: null, details: null });
  const expectedFor = (agency: string, groups: string[]) => ({
    id: p.id, number: p.number, matterId: null, state: null, channel: null, category: "APPEAL_REQUEST",
    summary: "退役伤残军人优抚金和残疾人补贴均未落实", request: "请求落实优抚和残疾补贴", headcount: null, specialGroups: groups,
    flags: null, extended: null, receivedAt: null, registeredAt: null, updatedAt: null,
    problemLocality: { code: "SL_YT" }, currentHandler: null, registeringUnit: null, accusedUnit: null,
    petitioners: [{ name: "周某", idNumber: "3705**********0019", phone: "136****1234", disabled: null, veteran: null, unmasked: false }],
    deadlines: [], referrals: [{ agency: { code: agency }, response: null }],
    history: [
      redacted("REGISTER", ids.DY_XFJ), redacted("FORWARD", ids.DY_XFJ), redacted("ACCEPT", ids.DY_ZJJ),
      redacted("START_HANDLING", ids.DY_ZJJ), redacted("ANSWER", ids.DY_ZJJ),
    ],
  });

  it("残联 (partner agency, machine client): its own referral, only the disability group, masked contacts, no answer texts", async () => {
    const d = await ok<{ petition: unknown }>(await t.token("DY_CL", [Role.AGENCY_SYSTEM]), WHOLE, { id: p.id });
    expect(d.petition).toEqual(expectedFor("DY_CL", ["DISABLED"]));
  });

  it("退役军人事务局 (partner agency): its own answer, not the handler's; only the veteran group", async () => {
    const d = await ok<{ petition: unknown }>(await t.token("DY_TYJR", [Role.AGENCY_SYSTEM]), WHOLE, { id: p.id });
    const want = expectedFor("DY_TYJR", ["VETERAN_MILITARY"]);
    want.referrals = [{ agency: { code: "DY_TYJR" }, response: { opinion: "退役军人事务局意见：优抚金已补发" } as never }];
    expect(d.petition).toEqual(want);
  });

  it("胜利油田 (special unit, located there and lead): no special group at all, nothing of other units", async () => {
    const d = await ok<{ petition: unknown }>(await t.token("SL_YT", [Role.HANDLER]), WHOLE, { id: p.id });
    const want = expectedFor("SL_YT", []);
    // A human handler on an open referral may see the phone to contact the petitioner (audited); never the ID number.
    want.petitioners = [{ ...want.petitioners[0], phone: "13605461234", unmasked: true }];
    expect(d.petition).toEqual(want);
    const [{ n }] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM pii_access WHERE petitionId = ? AND field = 'phone' AND actorOrgId = ?", [Number(p.id), Number((await t.org("SL_YT")).id)]);
    expect(Number(n)).toBe(1);
  });

  it("a partner's list reads its access rows with the petitions, and a masked reader's petitioners without ciphertexts", async () => {
    const LIST = `{ petitions(first: 20) { nodes { id summary petitioners { name idNumber phone } } } }`;
    /** Main table: the first FROM outside parentheses (the petition statement has a subquery on petition_access). */
    const table = (sql: string) => {
      let top = sql;
      while (/\([^()]*\)/.test(top)) top = top.replace(/\([^()]*\)/g, "");
      return /\bFROM\s+[`"]?(\w+)/i.exec(top)?.[1];
    };
    /** The statements of one request, by main table (every statement goes through the data source's logger). */
    const statements = async (token: string) => {
      const spy = jest.spyOn(t.hub.deps.db.logger, "logQuery");
      try {
        const d = await ok<{ petitions: { nodes: { id: string; petitioners: unknown[] }[] } }>(token, LIST);
        return { d, sql: spy.mock.calls.map(([sql]) => sql).filter((sql) => table(sql) !== "organization") };
      } finally {
        spy.mockRestore();
      }
    };
    const machine = await statements(await t.token("DY_CL", [Role.AGENCY_SYSTEM]));
    expect(machine.d.petitions.nodes.find((n) => n.id === p.id)?.petitioners).toEqual([{ name: "周某", idNumber: "3705**********0019", phone: "136****1234" }]);
    expect(machine.sql.map(table)).toEqual(["petition", "petitioner"]); // no separate petition_access statement
    const [people] = machine.sql.filter((s) => table(s) === "petitioner");
    expect(people).not.toMatch(/Cipher|Index|address|disabled|veteran/);
    // A human handler on an open referral may read the phone in clear: its read fetches the ciphertexts, and is audited.
    const human = await statements(await t.token("DY_CL", [Role.HANDLER]));
    expect(human.d.petitions.nodes.find((n) => n.id === p.id)?.petitioners).toEqual([{ name: "周某", idNumber: "3705**********0019", phone: "13605461234" }]);
    expect(human.sql.filter((s) => table(s) === "petitioner")[0]).toMatch(/phoneCipher/);
    expect(human.sql.map(table)).not.toContain("petition_access");
  });

  it("the bureau and the handler see the whole file", async () => {
    const d = await ok<{ petition: { state: string; history: { reason: string | null; actor: string | null }[]; specialGroups: string[] } }>(officer, WHOLE, { id: p.id });
    expect(d.petition.state).toBe("ANSWERED");
    expect(d.petition.specialGroups.sort()).toEqual(["DISABLED", "VETERAN_MILITARY"]);
    expect(d.petition.history.at(-1)).toMatchObject({ reason: "住建局答复：同意安排保障性住房", actor: "test:DY_ZJJ" });
  });
});

describe("access ends when its reason ends", () => {
  it("after a returned referral the agency no longer sees the petition", async () => {
    const p = await sharedPetition("伤残军人医疗费报销难");
    const cl = await t.token("DY_CL", [Role.AGENCY_SYSTEM]);
    expect((await ok<{ petition: unknown }>(cl, `{ petition(id: "${p.id}") { id } }`)).petition).toEqual({ id: p.id });
    // As if the delivery worker had delivered it just now (this hub runs no worker): the return window is open.
    await t.hub.deps.db.getRepository(ReferralEntity).update(Number(p.referrals.DY_CL), { state: ReferralState.DELIVERED, deliveredAt: new Date(), returnDueAt: new Date(Date.now() + 86_400_000) });
    await ok(cl, `mutation { returnReferral(id: "${p.referrals.DY_CL}", reason: "不涉及残疾人权益") { id state } }`);
    expect((await ok<{ petition: unknown }>(cl, `{ petition(id: "${p.id}") { id } }`)).petition).toBeNull();
    expect((await ok<{ petitions: { nodes: { id: string }[] } }>(cl, `{ petitions(first: 100) { nodes { id } } }`)).petitions.nodes.map((n) => n.id)).not.toContain(p.id);
    // Its own referral stays readable to it, without the petition.
    expect((await ok<{ referral: unknown }>(cl, `{ referral(id: "${p.referrals.DY_CL}") { state petition { id } } }`)).referral).toEqual({ state: "RETURNED", petition: null });
  });

  it("after a closed referral the agency no longer sees the petition", async () => {
    const p = await sharedPetition("残疾军人护理费问题");
    const tyjr = await t.token("DY_TYJR", [Role.AGENCY_SYSTEM]);
    await ok(tyjr, `mutation { respondToReferral(id: "${p.referrals.DY_TYJR}", input: { opinion: "已处理", attachments: [] }) { id } }`);
    await ok(officer, `mutation { closeReferral(id: "${p.referrals.DY_TYJR}") { id } }`);
    expect((await ok<{ petition: unknown }>(tyjr, `{ petition(id: "${p.id}") { id } }`)).petition).toBeNull();
    // Another agency on the same petition is unaffected.
    expect((await ok<{ petition: unknown }>(await t.token("DY_CL", [Role.AGENCY_SYSTEM]), `{ petition(id: "${p.id}") { id } }`)).petition).toEqual({ id: p.id });
  });

  it("after a successful objection and re-routing the old handler keeps only its own actions; the new one sees the file", async () => {
    const p = await sharedPetition("复员军人住房困难");
    const zjj = await t.token("DY_ZJJ", [Role.HANDLER]);
    const jyj = await t.token("DY_JYJ", [Role.HANDLER]);
    await ok(officer, `mutation { forwardPetition(id: "${p.id}", toOrgId: "${ids.DY_ZJJ}") { id } }`);
    await ok(zjj, `mutation { objectToPetition(id: "${p.id}", reason: "不属住建职责") { id } }`);
    await ok(officer, `mutation { reroutePetition(id: "${p.id}") { id } }`);
    await ok(officer, `mutation { forwardPetition(id: "${p.id}", toOrgId: "${ids.DY_JYJ}") { id } }`);
    expect((await ok<{ petition: unknown }>(zjj, `{ petition(id: "${p.id}") { id } }`)).petition).toBeNull();
    const mine = await ok<{ myPetitionActions: { event: string; reason: string }[] }>(zjj, `{ myPetitionActions(petitionId: "${p.id}") { event reason } }`);
    expect(mine.myPetitionActions).toEqual([{ event: "OBJECT", reason: "不属住建职责" }]);
    expect((await ok<{ petition: { state: string } }>(jyj, `{ petition(id: "${p.id}") { state } }`)).petition).toEqual({ state: "FORWARDED" });
    // A unit that never had a reason learns nothing, not even that the petition exists.
    const other = await t.gql(await t.token("DY_WJW", [Role.HANDLER]), `{ myPetitionActions(petitionId: "${p.id}") { event } }`);
    expect(other.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  it("an accusation is hidden from the accused unit and from every unit under it, and cannot be routed there", async () => {
    const d = await ok<{ submitPetition: { id: string } }>(officer, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
      i: { channel: "LETTER", category: "ACCUSATION", localityOrgId: String((await t.org("LJX_XFJ")).id), accusedOrgId: String((await t.org("DY_GOV")).id), summary: "举报市政府某部门违规审批", request: "请求查处", petitioners: [{ name: "吴某" }] },
    });
    // 住建局 is under the city government (the accused): it neither sees the accusation nor can receive it.
    const fwd = await t.gql(officer, `mutation { forwardPetition(id: "${d.submitPetition.id}", toOrgId: "${ids.DY_ZJJ}") { id } }`);
    expect(fwd.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    // The county office of the locality lies under the city government too (via the city bureau): hidden from it.
    const lj = await t.token("LJX_XFJ", [Role.CASE_OFFICER]);
    expect((await ok<{ petition: unknown }>(lj, `{ petition(id: "${d.submitPetition.id}") { id } }`)).petition).toBeNull();
    // The city bureau, the registering organ bound by Art. 30 itself, still routes it (to discipline inspection).
    expect((await ok<{ petition: { id: string } }>(officer, `{ petition(id: "${d.submitPetition.id}") { id } }`)).petition.id).toBe(d.submitPetition.id);
  });
});

describe("projections are configuration", () => {
  it("PARTNER_PROJECTION_JSON changes what a special unit sees, and nothing else", async () => {
    const other = await startTestHub({ HUB_ROLE: "api", PARTNER_PROJECTION_JSON: JSON.stringify({ SPECIAL_UNIT: ["number", "state", "problemLocality"] }) });
    try {
      const o = await other.token("DY_XFJ", [Role.CASE_OFFICER]);
      const made = await other.gql<{ submitPetition: { id: string } }>(o, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
        i: { channel: "LETTER", category: "SUGGESTION", localityOrgId: String((await other.org("SL_YT")).id), summary: "油田社区道路改造建议", request: "尽快改造", petitioners: [{ name: "钱某" }] },
      });
      const read = `query($id: ID!) { petition(id: $id) { state summary problemLocality { code } petitioners { name } } }`;
      const yt = await other.gql<{ petition: unknown }>(await other.token("SL_YT", [Role.HANDLER]), read, { id: made.data!.submitPetition.id });
      expect(yt.data!.petition).toEqual({ state: "REGISTERED", summary: null, problemLocality: { code: "SL_YT" }, petitioners: [] });
    } finally {
      await other.stop();
    }
  });

  it("a projection naming an unknown field or kind stops the start with a coded configuration error", () => {
    expect(() => loadConfig({ PARTNER_PROJECTION_JSON: '{"SPECIAL_UNIT":["idNumber"]}' })).toThrow(/PARTNER_PROJECTION_JSON: SPECIAL_UNIT: fields must be among/);
    expect(() => loadConfig({ PARTNER_PROJECTION_JSON: '{"DEPARTMENT":["number"]}' })).toThrow(/only PARTNER_AGENCY and SPECIAL_UNIT/);
  });
});
