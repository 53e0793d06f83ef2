import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { getIntrospectionQuery } from "graphql";
import { Role } from "../../src/domain/petition-terms";
import { TrustedDocuments } from "../../src/http/trusted-documents";
import { ConfigError, loadConfig } from "../../src/platform/config";
import { GqlResult, startTestHub, TEST_KEYS_FILE, TestHub } from "../factories/test-hub";

// Every limit at its default: allowed exactly at the threshold, refused one past it, with its own code and HTTP 400.
let dev: TestHub;
let registrar: string;

beforeAll(async () => {
  dev = await startTestHub({ HUB_ROLE: "api" });
  registrar = await dev.token("DY_XFJ", [Role.REGISTRAR]);
});
afterAll(() => dev?.stop());

const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code);
const noStack = (r: GqlResult) => expect(JSON.stringify(r.errors ?? [])).not.toMatch(/at .*\.(ts|js):\d+|node_modules/);

function expectRefused(r: GqlResult, code: string) {
  expect(r.status).toBe(400);
  expect(codes(r)).toEqual([code]);
  expect(r.data ?? null).toBeNull();
  noStack(r);
}
function expectAllowed(r: GqlResult) {
  expect(r.status).toBe(200);
  expect(r.errors).toBeUndefined();
}

const LIMIT_REFUSALS = ["ALIAS_LIMIT", "DEPTH_LIMIT", "COST_LIMIT", "TOKEN_LIMIT", "DIRECTIVE_LIMIT"];
function expectPassesLimits(r: GqlResult) {
  expect(r.status).toBe(200);
  expect(codes(r).filter((c) => LIMIT_REFUSALS.includes(c ?? ""))).toEqual([]);
}

/** `petitions(first: 1) { nodes { referrals { petition { … } } } }` with `levels` fields in the deepest path. */
const nested = (levels: number) => {
  let inner = "id";
  for (let depth = levels - 1; depth > 2; depth--) inner = `${depth % 2 === 1 ? "referrals" : "petition"} { ${inner} }`;
  return `{ petitions(first: 1) { nodes { ${inner} } } }`;
};
/** `__schema { queryType { fields { type { ofType … { name } } } } }`, `levels` deep. */
const deepSchema = (levels: number) => `{ __schema { queryType { fields { type { ${"ofType { ".repeat(levels - 5)}name${" }".repeat(levels - 5)} } } } } }`;

describe("limits at their defaults (the threshold passes, one more is refused)", () => {
  it("aliases: 15 pass, 16 → ALIAS_LIMIT", async () => {
    const q = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { code }`).join(" ")} }`;
    expectAllowed(await dev.gql(registrar, q(15)));
    const r = await dev.gql(registrar, q(16));
    expectRefused(r, "ALIAS_LIMIT");
    expect(r.errors![0].message).toMatch(/Aliases limit of 15 exceeded, found 16/);
    // Aliases inside fragments count too.
    expectRefused(await dev.gql(registrar, `{ ...F } fragment F on Query { ${Array.from({ length: 16 }, (_, i) => `a${i}: me { code }`).join(" ")} }`), "ALIAS_LIMIT");
  });

  it("depth: 10 pass, 11 → DEPTH_LIMIT; a fragment spread is no extra level, its fields are", async () => {
    expectAllowed(await dev.gql(registrar, nested(10)));
    expectRefused(await dev.gql(registrar, nested(11)), "DEPTH_LIMIT");
    const viaFragment = `{ petitions(first: 1) { nodes { ...R } } } fragment R on Petition { referrals { petition { referrals { petition { referrals { petition { referrals { petition { id } } } } } } } } }`;
    expectRefused(await dev.gql(registrar, viaFragment), "DEPTH_LIMIT");
  });

  it("depth counts introspection: the standard introspection query (15) passes, __schema 16 deep and __type 11 deep are refused", async () => {
    const intro = await dev.gql<{ __schema: { queryType: { name: string } } }>(null, getIntrospectionQuery());
    expect(intro.errors).toBeUndefined();
    expect(intro.data?.__schema.queryType.name).toBe("Query");
    expectAllowed(await dev.gql(null, deepSchema(15)));
    expectRefused(await dev.gql(null, deepSchema(16)), "DEPTH_LIMIT");
    expectRefused(await dev.gql(null, `{ __type(name: "Query") { fields { type { ${"ofType { ".repeat(7)}name${" }".repeat(7)} } } } }`), "DEPTH_LIMIT");
  });

  it("introspection fan-out (a list inside itself) → COST_LIMIT", async () => {
    const r = await dev.gql(null, `{ __schema { types { fields { type { ofType { fields { name } } } } } } }`);
    expectRefused(r, "COST_LIMIT");
    expectAllowed(await dev.gql(null, `{ __schema { types { fields { args { name } } } } }`));
  });

  it("directives: 10 pass, 11 → DIRECTIVE_LIMIT", async () => {
    const q = (n: number) => `{ me { ${Array.from({ length: n }, () => "... @include(if: true) { code }").join(" ")} } }`;
    expectAllowed(await dev.gql(registrar, q(10)));
    expectRefused(await dev.gql(registrar, q(11)), "DIRECTIVE_LIMIT");
  });

  it("tokens: 2000 pass, 2001 → TOKEN_LIMIT (comments do not count)", async () => {
    // 22 tokens around the list (commas are not tokens); graphql-js itself refuses ~2,000 repeats of one field.
    const q = (n: number) => `# ${"x".repeat(5000)}\n{ petitions(first: 1, filter: { states: [${"REGISTERED, ".repeat(n - 22)}] }) { nodes { id } } }`;
    expectAllowed(await dev.gql(registrar, q(2000)));
    const r = await dev.gql(registrar, q(2001));
    expectRefused(r, "TOKEN_LIMIT");
    expect(r.errors![0].message).toMatch(/Token limit of 2000 exceeded/);
  });

  it("cost counts page sizes given as variables: 10,000 pass, 10,001 → COST_LIMIT", async () => {
    // a: 100 × (1 + 1 + 96) = 9,800; b: 66 × 3 = 198; me: 1 + fields.
    const q = (meFields: number) =>
      `query($n: Int!, $m: Int!) { a: petitions(first: $n) { nodes { ${"id ".repeat(96)}} } b: petitions(first: $m) { nodes { id } } me { ${"code ".repeat(meFields)}} }`;
    expectAllowed(await dev.gql(registrar, q(1), { n: 100, m: 66 }));
    const r = await dev.gql(registrar, q(2), { n: 100, m: 66 });
    expectRefused(r, "COST_LIMIT");
    expect(r.errors![0].message).toMatch(/Query cost limit of 10000 exceeded, found 10001/);
    // The same document with smaller pages is cheap: the cost is priced per request (cached by document and variables).
    expectAllowed(await dev.gql(registrar, q(2), { n: 10, m: 10 }));
    expectRefused(await dev.gql(registrar, q(2), { n: 100, m: 66 }), "COST_LIMIT");
    expectAllowed(await dev.gql(registrar, q(1), { n: 100, m: 66 }));
  });

  it("the issue's attack is refused before any resolver runs, and dashboard queries pass", async () => {
    const page = "petitions(first: 100) { nodes { id number state summary petitioners { name phone } deadlines { kind dueAt } } }";
    expectRefused(await dev.gql(registrar, `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${page}`).join(" ")} }`), "COST_LIMIT");
    // 1,000 aliases of petitions(first: 100) (the 1.3 MB request) stop at the lexer.
    const started = Date.now();
    expectRefused(await dev.gql(registrar, `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: petitions(first: 100) { nodes { id summary } }`).join(" ")} }`), "TOKEN_LIMIT");
    expect(Date.now() - started).toBeLessThan(1000);
    // README's query, and the benchmark's shape at the largest page.
    // (Only the limits are asserted for the README query: its `overdue` filter binds a Date, which better-sqlite3
    // refuses, a read-path bug outside the limits that TEST_DB_KIND=sqlite shows as INTERNAL_SERVER_ERROR.)
    expectPassesLimits(await dev.gql(registrar, `{ petitions(first: 10, filter: { overdue: true }) { nodes { number state category specialGroups problemLocality { name } currentHandler { name } petitioners { name idNumber phone } deadlines(openOnly: true) { kind dueAt warning } } } }`));
    expectAllowed(await dev.gql(registrar, "{ petitions(first: 100) { nodes { id number state category summary receivedAt petitioners { name idNumber phone } currentHandler { id name } deadlines(openOnly: true) { kind dueAt state } } } }"));
  });

  it("a subscription sent over HTTP → BAD_REQUEST naming graphql-ws, before any resolver runs", async () => {
    const r = await dev.gql(registrar, "subscription Live { changes { cursor } }");
    expectRefused(r, "BAD_REQUEST");
    expect(r.errors![0].message).toMatch(/graphql-ws/);
    expectAllowed(await dev.gql(registrar, "{ me { code } }"));
  });

  it("development: anonymous introspection and suggestions stay available (the IDE needs them)", async () => {
    expect(codes(await dev.gql(null, `{ __type(name: "Petition") { name } }`))).toEqual([]);
    const typo = await dev.gql(registrar, `{ petitons(first: 1) { nodes { id } } }`);
    expect(typo.errors?.[0].message).toMatch(/Did you mean "petitions/);
    const coerced = await dev.gql(registrar, `query($s: [PetitionState!]) { petitions(first: 1, filter: { states: $s }) { nodes { id } } }`, { s: ["REGISTERD"] });
    expect(coerced.errors?.[0].message).toMatch(/Did you mean the enum value "REGISTERED"/);
    // A browser at /graphql is sent to the hub's own GraphiQL (Apollo's Sandbox loads from a CDN, so it is never served).
    const page = await fetch(dev.url, { headers: { accept: "text/html" } });
    expect(page.url).toBe(dev.url.replace(/\/graphql$/, "/graphiql"));
    expect(await page.text()).toMatch(/src="\/graphiql\/graphiql\.min\.js"/);
  });
});

describe("production: introspection and suggestions for city-bureau operators only (graphql-js executor)", () => {
  let prod: TestHub;
  let operator: string;
  beforeAll(async () => {
    // Production insists on configured keys; the test hub's key files stand in for them.
    prod = await startTestHub({ HUB_ROLE: "api", NODE_ENV: "production", GRAPHQL_EXECUTOR: "graphql-js", PARTNER_KEYS_FILE: join(dirname(TEST_KEYS_FILE), "partner-signing.json") });
    operator = await prod.token("DY_XFJ", [Role.OPERATOR]);
  });
  afterAll(() => prod?.stop());

  it("anonymous and non-operator introspection → INTROSPECTION_DISABLED, also via a fragment; the operator may", async () => {
    const officer = await prod.token("DY_XFJ", [Role.CASE_OFFICER]);
    const agency = await prod.token("DY_CL", [Role.OPERATOR]);
    expectRefused(await prod.gql(null, getIntrospectionQuery()), "INTROSPECTION_DISABLED");
    expectRefused(await prod.gql(officer, `{ __type(name: "Petition") { fields { name } } }`), "INTROSPECTION_DISABLED");
    expectRefused(await prod.gql(agency, `{ me { code } ...F } fragment F on Query { __schema { queryType { name } } }`), "INTROSPECTION_DISABLED");
    // The operator's run puts the document in Apollo's validated-document cache; the decision is still per caller.
    const ok = await prod.gql<{ __schema: { queryType: { name: string } } }>(operator, getIntrospectionQuery());
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.__schema.queryType.name).toBe("Query");
    expectRefused(await prod.gql(null, getIntrospectionQuery()), "INTROSPECTION_DISABLED");
    // __typename is not introspection.
    expect((await prod.gql<{ __typename: string }>(officer, `{ __typename }`)).data?.__typename).toBe("Query");
  });

  it("suggestions are removed for everyone but operators", async () => {
    const officer = await prod.token("DY_XFJ", [Role.CASE_OFFICER]);
    const typo = `{ petitons(first: 1) { nodes { id } } }`;
    const hidden = await prod.gql(officer, typo);
    expect(hidden.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(hidden.errors?.[0].message).toBe('Cannot query field "petitons" on type "Query".');
    expect(JSON.stringify(await prod.gql(null, `{ petitions(first: 1, filter: { states: [REGISTERD] }) { nodes { id } } }`))).not.toMatch(/Did you mean/);
    // Also in execution errors (variable coercion), not only in validation.
    const coerced = await prod.gql(officer, `query($s: [PetitionState!]) { petitions(first: 1, filter: { states: $s }) { nodes { id } } }`, { s: ["REGISTERD"] });
    expect(coerced.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(coerced)).not.toMatch(/Did you mean/);
    expect((await prod.gql(operator, typo)).errors?.[0].message).toMatch(/Did you mean "petitions/);
  });

  it("the limits hold on the graphql-js executor too, and the CDN-loaded Sandbox is not served", async () => {
    expectRefused(await prod.gql(operator, `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { code }`).join(" ")} }`), "ALIAS_LIMIT");
    const page = await fetch(prod.url, { headers: { accept: "text/html" } });
    expect(await page.text()).not.toMatch(/embeddable-sandbox|apollographql\.com/i);
  });
});

describe("trusted documents (TRUSTED_DOCUMENTS=enforce)", () => {
  let t: TestHub;
  let dir: string;
  const ME = "{ me { code } }";
  const LIST = "{ petitions(first: 5) { nodes { id } } }";
  const hash = (q: string) => createHash("sha256").update(q).digest("hex");
  const post = (token: string, body: unknown) =>
    fetch(t.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) }).then(async (r) => ({ ...((await r.json()) as GqlResult), status: r.status }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "trusted-"));
    // One directory, one file per client; DY_XFJ is listed too, to show the operator exemption.
    writeFileSync(join(dir, "DY_CL.json"), JSON.stringify({ [hash(ME)]: ME }));
    writeFileSync(join(dir, "DY_FL.json"), JSON.stringify({ [hash(LIST)]: LIST }));
    writeFileSync(join(dir, "DY_XFJ.json"), JSON.stringify({ [hash(LIST)]: LIST }));
    t = await startTestHub({ HUB_ROLE: "api", TRUSTED_DOCUMENTS: "enforce", TRUSTED_DOCUMENTS_FILE: dir });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a listed client runs its registered documents by hash, by documentId or by full text; anything else → PERSISTED_QUERY_NOT_ALLOWED", async () => {
    const cl = await t.token("DY_CL", [Role.AGENCY_SYSTEM]);
    const byHash = await post(cl, { extensions: { persistedQuery: { version: 1, sha256Hash: hash(ME) } } });
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual({ me: { code: "DY_CL" } });
    expect((await post(cl, { documentId: `sha256:${hash(ME)}` })).data).toEqual({ me: { code: "DY_CL" } });
    expect((await t.gql(cl, ME)).data).toEqual({ me: { code: "DY_CL" } });
    // Unregistered text, and another client's registered document (by hash or by text).
    expectRefused(await t.gql(cl, "{ me { code name } }"), "PERSISTED_QUERY_NOT_ALLOWED");
    expectRefused(await post(cl, { extensions: { persistedQuery: { version: 1, sha256Hash: hash(LIST) } } }), "PERSISTED_QUERY_NOT_ALLOWED");
    expectRefused(await t.gql(cl, LIST), "PERSISTED_QUERY_NOT_ALLOWED");
    // A hash nobody registered is not found, and sending a new text with its hash does not register it.
    const fresh = "{ me { name } }";
    expect(codes(await post(cl, { extensions: { persistedQuery: { version: 1, sha256Hash: hash(fresh) } } }))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
    expectRefused(await post(cl, { query: fresh, extensions: { persistedQuery: { version: 1, sha256Hash: hash(fresh) } } }), "PERSISTED_QUERY_NOT_ALLOWED");
    expect(codes(await post(cl, { extensions: { persistedQuery: { version: 1, sha256Hash: hash(fresh) } } }))).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  });

  it("unlisted clients are not restricted; listed bureau operators are exempt, other bureau roles are not", async () => {
    const rsj = await t.token("DY_RSJ", [Role.AGENCY_SYSTEM]);
    expect((await t.gql(rsj, "{ me { code name } }")).errors).toBeUndefined();
    const operator = await t.token("DY_XFJ", [Role.OPERATOR]);
    expect((await t.gql(operator, "{ me { code name } }")).errors).toBeUndefined();
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    expectRefused(await t.gql(officer, "{ me { code name } }"), "PERSISTED_QUERY_NOT_ALLOWED");
    expect((await t.gql(officer, LIST)).errors).toBeUndefined();
  });

  it("a manifest whose hash does not match its text, or enforce without a manifest, stops the start-up", async () => {
    const bad = join(dir, "..", `bad-${Date.now()}.json`);
    writeFileSync(bad, JSON.stringify({ DY_CL: { [hash(LIST)]: ME } }));
    expect(() => TrustedDocuments.load(bad)).toThrow(/not the sha256 of its query text/);
    rmSync(bad, { force: true });
    expect(() => TrustedDocuments.load(join(dir, "missing.json"))).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: "enforce" })).toThrow(/TRUSTED_DOCUMENTS_FILE: required/);
  });
});
