import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// What validation accepts, the database stores (MariaDB refuses an over-long value; SQLite would keep it): values at
// the bounds go through, values past them are refused with a coded error and write nothing.
let t: TestHub;
let locality: string;

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  locality = String((await t.org("HKQ_XFJ")).id);
});
afterAll(() => t?.stop());

const SUBMIT = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id petitioners { name phone } } }`;
const input = (extra: Record<string, unknown> = {}) => ({
  channel: "VISIT",
  category: "APPEAL_REQUEST",
  localityOrgId: locality,
  summary: "河口区某企业拖欠农民工工资",
  request: "请求督促企业支付工资",
  petitioners: [{ name: "王某" }],
  ...extra,
});
const petitions = async () => Number((await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM petition"))[0].n);

describe("token subjects are bounded at authentication", () => {
  it("a 150-character subject is refused as UNAUTHENTICATED, before anything runs", async () => {
    const before = await petitions();
    const token = await t.sign({ sub: "s".repeat(150), org: "DY_XFJ", roles: [Role.REGISTRAR] });
    const r = await t.gql(token, SUBMIT, { i: input() });
    expect(r.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.errors?.[0].message).toMatch(/subject longer than 100 characters/);
    expect(await petitions()).toBe(before);
  });

  it("a 100-character subject registers, and is recorded whole in the history and the audit log", async () => {
    const sub = "s".repeat(100);
    const token = await t.token("DY_XFJ", [Role.REGISTRAR], sub);
    const r = await t.gql<{ submitPetition: { id: string } }>(token, SUBMIT, { i: input() });
    expect(r.errors).toBeUndefined();
    const [h] = await t.hub.deps.db.query("SELECT actor FROM petition_transition WHERE petitionId = ? ORDER BY id LIMIT 1", [Number(r.data!.submitPetition.id)]);
    expect(h.actor).toBe(sub);
    const [a] = await t.hub.deps.db.query("SELECT actorSubject FROM audit_log WHERE petitionId = ? ORDER BY seq LIMIT 1", [Number(r.data!.submitPetition.id)]);
    expect(a.actorSubject).toBe(sub);
  });

  it("a gateway call of the longest subject via the longest gateway subject is audited whole (2 × 100 + 5 characters)", async () => {
    const sub = "u".repeat(100);
    const via = "g".repeat(100);
    const token = await t.sign({ sub, org: "DY_XFJ", roles: [Role.REGISTRAR], act: { sub: via } });
    const r = await t.gql<{ submitPetition: { id: string } }>(token, SUBMIT, { i: input() });
    expect(r.errors).toBeUndefined();
    const [a] = await t.hub.deps.db.query("SELECT actorSubject FROM audit_log WHERE petitionId = ? ORDER BY seq LIMIT 1", [Number(r.data!.submitPetition.id)]);
    expect(a.actorSubject).toBe(`${sub} via ${via}`);
  });
});

describe("petitioner fields at and past their columns", () => {
  it("a '+' and 20 digits (the pattern's class allows it) is refused; '+' and 19 digits is stored and read back", async () => {
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const before = await petitions();
    const long = await t.gql(registrar, SUBMIT, { i: input({ petitioners: [{ name: "王某", phone: "+" + "1".repeat(20) }] }) });
    expect(long.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(await petitions()).toBe(before);

    const caseOfficer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const phone = "+" + "1".repeat(19);
    const ok = await t.gql<{ submitPetition: { id: string } }>(registrar, SUBMIT, { i: input({ petitioners: [{ name: "名".repeat(60), phone, address: "地".repeat(200) }], summary: "长".repeat(2000), request: "求".repeat(2000) }) });
    expect(ok.errors).toBeUndefined();
    const back = await t.gql<{ petition: { summary: string; petitioners: { name: string; phone: string }[] } }>(caseOfficer, `{ petition(id: "${ok.data!.submitPetition.id}") { summary petitioners { name phone } } }`);
    expect(back.data!.petition.summary).toBe("长".repeat(2000));
    expect(back.data!.petition.petitioners).toEqual([{ name: "名".repeat(60), phone }]);
  });

  it("a name, address or summary one past its bound is refused", async () => {
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    for (const i of [input({ petitioners: [{ name: "名".repeat(61) }] }), input({ petitioners: [{ name: "王某", address: "地".repeat(201) }] }), input({ request: "求".repeat(2001) })]) {
      expect((await t.gql(registrar, SUBMIT, { i })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    }
  });
});
