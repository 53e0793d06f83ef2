import { getIntrospectionQuery } from "graphql";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

let t: TestHub;
let registrar: string;
let locality: string;

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" });
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR]);
  locality = String((await t.org("HKQ_XFJ")).id);
});
afterAll(() => t?.stop());

const SUBMIT = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`;
const valid = () => ({
  channel: "VISIT",
  category: "APPEAL_REQUEST",
  localityOrgId: locality,
  summary: "河口区某企业拖欠农民工工资",
  request: "请求督促企业支付工资",
  petitioners: [{ name: "王某", representative: true }],
});

async function counts() {
  const tables = ["petition", "petitioner", "deadline", "petition_transition", "outbox", "matter", "petition_access"];
  const out: Record<string, number> = {};
  for (const tb of tables) out[tb] = Number((await t.hub.deps.db.query(`SELECT COUNT(*) AS n FROM ${tb}`))[0].n);
  return out;
}

describe("bad input gets a coded error and changes nothing", () => {
  const cases: [string, Record<string, unknown> | null, string][] = [
    ["missing required fields", { channel: "VISIT", category: "APPEAL_REQUEST" }, "BAD_USER_INPUT"],
    ["wrong enum value", { ...valid(), category: "COMPLAINT" }, "BAD_USER_INPUT"],
    ["six representatives for a group visit", { ...valid(), headcount: 40, petitioners: Array.from({ length: 6 }, (_, i) => ({ name: `代表${i}`, representative: true })) }, "BAD_USER_INPUT"],
    ["oversized summary", { ...valid(), summary: "长".repeat(2001) }, "BAD_USER_INPUT"],
    ["malformed ID number", { ...valid(), petitioners: [{ name: "王某", idNumber: "12345" }] }, "BAD_USER_INPUT"],
    ["unknown locality", { ...valid(), localityOrgId: "999999" }, "BAD_USER_INPUT"],
    ["non-numeric id", { ...valid(), localityOrgId: "abc" }, "BAD_USER_INPUT"],
    ["accused unit on a non-accusation", { ...valid(), accusedOrgId: locality }, "BAD_USER_INPUT"],
  ];

  it.each(cases)("%s", async (_name, input, code) => {
    const before = await counts();
    const r = await t.gql(registrar, SUBMIT, { i: input });
    expect(r.errors?.[0].extensions?.code).toBe(code);
    expect(JSON.stringify(r.errors)).not.toMatch(/at .*\.(ts|js):\d+/); // no stack traces
    expect(await counts()).toEqual(before);
  });

  it("five representatives of forty people are accepted", async () => {
    const r = await t.gql<{ submitPetition: { id: string } }>(registrar, SUBMIT, { i: { ...valid(), headcount: 40, petitioners: Array.from({ length: 5 }, (_, i) => ({ name: `代表${i}`, representative: true })) } });
    expect(r.errors).toBeUndefined();
    const flags = await t.gql<{ petition: { flags: { groupVisit: boolean } } }>(registrar, `{ petition(id: "${r.data!.submitPetition.id}") { flags { groupVisit } } }`);
    expect(flags.data!.petition.flags.groupVisit).toBe(true);
  });

  it("unknown petition id → NOT_FOUND; illegal move → INVALID_TRANSITION; both change nothing", async () => {
    const before = await counts();
    const nf = await t.gql(registrar, `mutation { startRouting(id: "987654") { id } }`);
    expect(nf.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const created = await t.gql<{ submitPetition: { id: string } }>(registrar, SUBMIT, { i: valid() });
    const mid = await counts();
    expect(mid.petition).toBe(before.petition + 1);
    const bad = await t.gql(registrar, `mutation { terminatePetition(id: "${created.data!.submitPetition.id}", reason: "x") { id } }`);
    expect(bad.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    expect(await counts()).toEqual(mid);
  });

  it("an oversized reason is refused", async () => {
    const created = await t.gql<{ submitPetition: { id: string } }>(registrar, SUBMIT, { i: valid() });
    const r = await t.gql(registrar, `mutation($r: String) { startRouting(id: "${created.data!.submitPetition.id}") { id } forwardPetition(id: "${created.data!.submitPetition.id}", toOrgId: "${locality}", reason: $r) { id } }`, { r: "理".repeat(1001) });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("GraphQL over HTTP", () => {
  it("serves GET queries and the health endpoints", async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent("{ me { code } }")}`, { headers: { authorization: `Bearer ${registrar}`, accept: "application/graphql-response+json", "apollo-require-preflight": "true" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/graphql-response\+json/);
    expect(((await res.json()) as { data: { me: { code: string } } }).data.me.code).toBe("DY_XFJ");
    // CSRF prevention: a GET without a preflight-forcing header is refused.
    const simple = await fetch(`${t.url}?query=${encodeURIComponent("{ me { code } }")}`, { headers: { authorization: `Bearer ${registrar}` } });
    expect(simple.status).toBe(400);
    const base = t.url.replace(/\/graphql$/, "");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: "ok", redis: "ok" });
  });

  it("answers a mutation over GET with 405, a parse error with 400, bad JSON with 400", async () => {
    const m = await fetch(`${t.url}?query=${encodeURIComponent("mutation { startRouting(id: \"1\") { id } }")}`, { headers: { accept: "application/graphql-response+json", "apollo-require-preflight": "true" } });
    expect(m.status).toBe(405);
    const parse = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/graphql-response+json" }, body: JSON.stringify({ query: "{ petitions(" }) });
    expect(parse.status).toBe(400);
    expect(((await parse.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("GRAPHQL_PARSE_FAILED");
    const json = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(json.status).toBe(400);
  });

  it("refuses operations nested beyond the depth limit; the standard introspection query passes its own limit", async () => {
    const deep = `{ petitions { nodes { referrals { petition { referrals { petition { referrals { petition { referrals { petition { id } } } } } } } } } } }`;
    const r = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${registrar}` }, body: JSON.stringify({ query: deep }) });
    expect(r.status).toBe(400);
    const [err] = ((await r.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors;
    expect(err.extensions.code).toBe("DEPTH_LIMIT"); // its own code, not Apollo's GRAPHQL_VALIDATION_FAILED
    expect(err.message).toMatch(/depth limit of 10 exceeded, found 11/);
    const intro = await t.gql<{ __schema: { queryType: { name: string } } }>(null, getIntrospectionQuery());
    expect(intro.data?.__schema.queryType.name).toBe("Query");
  });

  it("masks unexpected errors and returns a correlation id", async () => {
    const id = (await t.gql<{ submitPetition: { id: string } }>(registrar, SUBMIT, { i: valid() })).data!.submitPetition.id;
    await t.hub.deps.db.query("UPDATE petition SET specialGroups = 'NOT_A_GROUP' WHERE id = ?", [id]);
    const r = await t.gql(registrar, `{ petition(id: "${id}") { specialGroups } }`);
    expect(r.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(r.errors?.[0].message).toMatch(/correlation id [0-9a-f-]{36}/);
    expect(r.errors?.[0].message).not.toMatch(/NOT_A_GROUP|enum/i);
  });
});
