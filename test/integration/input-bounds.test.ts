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

describe("dates in range (default: not before 1949-10-01 in Beijing, facts not in the future, due dates within ten years)", () => {
  const SUBMITTED = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id number receivedAt } }`;
  const issuesOf = (r: { errors?: { extensions?: { code?: string; issues?: unknown } }[] }) => ({ code: r.errors?.[0].extensions?.code, issues: r.errors?.[0].extensions?.issues });

  it("receivedAt in year 0001, just before 1949-10-01 00:00 Beijing, or tomorrow is refused with its path and writes nothing", async () => {
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const before = await petitions();
    // 1949-10-01 00:00 at UTC+8 is 1949-09-30T16:00:00.000Z; one millisecond earlier is out.
    for (const receivedAt of ["0001-01-01T00:00:00.000Z", "1949-09-30T15:59:59.999Z"]) {
      expect(issuesOf(await t.gql(registrar, SUBMITTED, { i: input({ receivedAt }) }))).toEqual({ code: "BAD_USER_INPUT", issues: [{ path: "receivedAt", message: "must not be before 1949-09-30T16:00:00.000Z" }] });
    }
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(issuesOf(await t.gql(registrar, SUBMITTED, { i: input({ receivedAt: tomorrow }) }))).toEqual({ code: "BAD_USER_INPUT", issues: [{ path: "receivedAt", message: "must not be in the future" }] });
    expect(await petitions()).toBe(before);
  });

  it("the earliest instant itself is accepted and read back exactly (numbered by its Beijing date, 1949-10-01)", async () => {
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const r = await t.gql<{ submitPetition: { number: string; receivedAt: string } }>(registrar, SUBMITTED, { i: input({ receivedAt: "1949-09-30T16:00:00.000Z" }) });
    expect(r.errors).toBeUndefined();
    expect(r.data!.submitPetition.receivedAt).toBe("1949-09-30T16:00:00.000Z");
    expect(r.data!.submitPetition.number).toMatch(/^XF19491001-/);
  });

  it("deliveredAt in 2099 or year 0001 is refused before anything is read; resultDueAt must lie ahead, within ten years", async () => {
    const registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
    const created = await t.gql<{ submitPetition: { id: string } }>(registrar, SUBMITTED, { i: input() });
    const id = created.data!.submitPetition.id;
    // The petition is only REGISTERED: a date in range would get INVALID_TRANSITION, so BAD_USER_INPUT shows the
    // date check comes first.
    const answer = (deliveredAt: string) => t.gql(registrar, `mutation($id: ID!, $d: DateTimeISO) { answerPetition(id: $id, outcome: SUPPORT, text: "答复", deliveredAt: $d) { id } }`, { id, d: deliveredAt });
    expect(issuesOf(await answer("2099-01-01T00:00:00.000Z"))).toEqual({ code: "BAD_USER_INPUT", issues: [{ path: "deliveredAt", message: "must not be in the future" }] });
    expect(issuesOf(await answer("0001-01-01T00:00:00.000Z")).code).toBe("BAD_USER_INPUT");
    const delivery = await t.gql(registrar, `mutation($id: ID!) { recordDelivery(petitionId: $id, deliveredAt: "1900-01-01T00:00:00.000Z") { id } }`, { id });
    expect(issuesOf(delivery)).toEqual({ code: "BAD_USER_INPUT", issues: [{ path: "deliveredAt", message: "must not be before 1949-09-30T16:00:00.000Z" }] });

    const routed = await t.gql(registrar, `mutation($id: ID!) { startRouting(id: $id) { state } }`, { id });
    expect(routed.errors).toBeUndefined();
    const dept = String((await t.org("DY_JYJ")).id);
    const assign = (due: string) => t.gql<{ assignPetition: { state: string } }>(registrar, `mutation($id: ID!, $to: ID!, $due: DateTimeISO!) { assignPetition(id: $id, toOrgId: $to, resultDueAt: $due) { state } }`, { id, to: dept, due });
    expect(issuesOf(await assign(new Date(Date.now() + 3651 * 86_400_000).toISOString()))).toEqual({ code: "BAD_USER_INPUT", issues: [{ path: "resultDueAt", message: "must be within 3650 days from now" }] });
    expect(issuesOf(await assign(new Date(Date.now() - 3_600_000).toISOString())).code).toBe("BAD_USER_INPUT");
    const ok = await assign(new Date(Date.now() + 365 * 86_400_000).toISOString());
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.assignPetition.state).toBe("ASSIGNED");
  });
});
