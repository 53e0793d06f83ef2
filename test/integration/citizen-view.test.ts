import { Role } from "../../src/domain/petition-terms";
import { gqlHelpers, SENSITIVE_FRAGMENTS, SENSITIVE_PERSON } from "../factories/sensitive-petitions";
import { startTestHub, TestHub } from "../factories/test-hub";

// The citizen's lookup by query code and the partners' "already in procedure" answer, through HTTP: what leaves the
// hub is checked on the WHOLE response body against a petition carrying a name, ID number, phone and an accusation,
// and wrong codes are limited per client address and per petition in Redis (shared by a second hub process).

const { name: NAME, idNumber: ID_NUMBER, phone: PHONE } = SENSITIVE_PERSON;
const SUMMARY = "举报住建局科长周某某收受开发商贿赂";
const REQUEST = "请求查处周某某并退还多收的押金";
const APPROVER = "局长 吴建国";
const EXTENSION_REASON = "需调取开发商银行流水";
const ANSWER = "经查周某某收受礼金属实，已移交纪委";
// Everything personal or about content that must never appear in the citizen's or a partner's answer. The masked
// forms are checked too: a masked phone or ID number still identifies a person to someone who has a list.
const FORBIDDEN = [...SENSITIVE_FRAGMENTS, "139", SUMMARY, "周某某", "贿赂", REQUEST, APPROVER, "吴建国", EXTENSION_REASON, ANSWER, "纪委", "DY_ZJJ", "住建", "GRX_XFJ", "广饶", "registrar-cv", "handler-cv"];

const PER_PETITION = 3;
const PER_CLIENT = 7;

let t: TestHub;
const { ok, move } = gqlHelpers(() => t);
let registrar: string;
let handler: string;
let ids: Record<string, string>;
let A: { id: string; number: string; queryCode: string };
let B: { id: string; number: string; queryCode: string };


const submit = (summary: string) =>
  ok<{ submitPetition: { id: string; number: string; queryCode: string } }>(registrar, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id number queryCode } }`, {
    i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: ids.GRX_XFJ, summary, request: REQUEST, petitioners: [{ name: NAME, idNumber: ID_NUMBER, phone: PHONE }] },
  }).then((d) => d.submitPetition);


type Body = { data?: unknown; errors?: { extensions?: { code?: string } }[] };

/** An anonymous lookup over HTTP: the raw response body as sent, and parsed. */
async function lookupRaw(hub: TestHub, number: string, queryCode: string): Promise<{ text: string; body: Body }> {
  const res = await fetch(hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query: `query($n: String!, $c: String!) { citizenProgress(number: $n, queryCode: $c) { number closed steps { step at } } }`, variables: { n: number, c: queryCode } }),
  });
  const text = await res.text();
  return { text, body: JSON.parse(text) as Body };
}
const lookup = async (hub: TestHub, number: string, queryCode: string) => (await lookupRaw(hub, number, queryCode)).body;

const codeOf = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code ?? "OK";
/** A code that differs from `code` in its last symbol. */
const wrong = (code: string) => code.slice(0, -1) + (code.endsWith("Z") ? "Y" : "Z");

beforeAll(async () => {
  t = await startTestHub({ CITIZEN_LOOKUP_MAX_FAILURES_PER_PETITION: String(PER_PETITION), CITIZEN_LOOKUP_MAX_FAILURES_PER_CLIENT: String(PER_CLIENT) });
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "registrar-cv");
  handler = await t.token("DY_ZJJ", [Role.HANDLER], "handler-cv");
  ids = {};
  for (const code of ["GRX_XFJ", "DY_ZJJ"]) ids[code] = String((await t.org(code)).id);
  A = await submit(SUMMARY);
  await move(registrar, "startRouting", A.id);
  await move(registrar, "forwardPetition", A.id, `toOrgId: "${ids.DY_ZJJ}"`);
  await move(handler, "receivePetition", A.id);
  await move(handler, "acceptPetition", A.id);
  await move(handler, "startHandling", A.id);
  await move(handler, "extendHandling", A.id, `days: 30, approver: "${APPROVER}", reason: "${EXTENSION_REASON}", petitionerNotified: true`);
  await move(handler, "answerPetition", A.id, `outcome: SUPPORT, text: "${ANSWER}"`);
  B = await submit(`${SUMMARY}（二）`);
});
afterAll(() => t?.stop());

describe("the query code (查询码)", () => {
  it("is shown once, in the registration's result, and stored only as a keyed digest", async () => {
    expect(A.queryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(A.queryCode).not.toBe(B.queryCode);
    // Reading the petition later does not give it back, not even to the registrar who registered it.
    const again = await ok<{ petition: { queryCode: string | null } }>(registrar, `{ petition(id: "${A.id}") { queryCode } }`);
    expect(again.petition.queryCode).toBeNull();
    const db = t.hub.deps.db;
    const [row] = (await db.query(`SELECT * FROM petition WHERE id = ?`, [Number(A.id)])) as Record<string, unknown>[];
    expect(String(row.queryCodeDigest)).toMatch(/^[\w-]+:[0-9a-f]{64}$/);
    const plain = A.queryCode.replace(/-/g, "");
    for (const table of ["petition", "outbox", "audit_log", "petition_transition"]) {
      const text = JSON.stringify(await db.query(`SELECT * FROM ${table}`));
      expect([table, text.includes(A.queryCode) || text.includes(plain)]).toEqual([table, false]);
    }
  });
});

describe("reissuing a query code", () => {
  it("gives a petition department a new code once and voids the old one (one failure against the address)", async () => {
    const old = A.queryCode;
    const r = await ok<{ reissueQueryCode: { number: string; queryCode: string } }>(registrar, `mutation { reissueQueryCode(petitionId: "${A.id}") { number queryCode } }`);
    expect(r.reissueQueryCode.number).toBe(A.number);
    expect(r.reissueQueryCode.queryCode).not.toBe(old);
    A = { ...A, queryCode: r.reissueQueryCode.queryCode };
    expect(codeOf(await lookup(t, A.number, old))).toBe("NOT_FOUND");
    const [entry] = (await t.hub.deps.db.query(`SELECT actorSubject, outcome, petitionId, details FROM audit_log WHERE action = 'Mutation.reissueQueryCode'`)) as { actorSubject: string; outcome: string; petitionId: number; details: unknown }[];
    expect(entry).toMatchObject({ actorSubject: "registrar-cv", outcome: "OK", petitionId: Number(A.id) });
    expect(JSON.stringify(entry)).not.toContain(A.queryCode);
  });
});

describe("a citizen's lookup by number and query code", () => {
  it("answers steps and dates only — the whole body holds nothing personal or about content", async () => {
    const { text: body, body: r } = await lookupRaw(t, A.number, A.queryCode.toLowerCase().replace(/-/g, " ")); // typed in lower case, spaced
    for (const s of FORBIDDEN) expect([s, body.includes(s)]).toEqual([s, false]);
    const data = r.data as { citizenProgress: { number: string; closed: boolean; steps: { step: string; at: string }[] } };
    expect(Object.keys(r)).toEqual(["data"]);
    expect(Object.keys(data.citizenProgress).sort()).toEqual(["closed", "number", "steps"]);
    expect(data.citizenProgress.number).toBe(A.number);
    expect(data.citizenProgress.closed).toBe(false);
    // Routing internals (START_ROUTING, START_HANDLING) are not the petitioner's steps.
    expect(data.citizenProgress.steps.map((s) => s.step)).toEqual(["REGISTERED", "TRANSFERRED", "RECEIVED_BY_HANDLER", "ACCEPTED", "EXTENDED", "ANSWERED"]);
    for (const s of data.citizenProgress.steps) expect(Object.keys(s).sort()).toEqual(["at", "step"]);
    const history = await ok<{ petition: { history: { event: string; at: string }[] } }>(registrar, `{ petition(id: "${A.id}") { history { event at } } }`);
    expect(data.citizenProgress.steps.find((s) => s.step === "EXTENDED")!.at).toBe(history.petition.history.find((h) => h.event === "EXTEND")!.at);
  });

  it("audits every lookup, without the code", async () => {
    const rows = (await t.hub.deps.db.query(`SELECT actorSubject, action, outcome, petitionId, details FROM audit_log WHERE action = 'Query.citizenProgress' ORDER BY seq`)) as { actorSubject: string; outcome: string; petitionId: number | null; details: unknown }[];
    // The old code after the reissue (refused, no petition named), then the lookup above.
    expect(rows.map((r) => [r.actorSubject, r.outcome, r.petitionId])).toEqual([["anonymous", "NOT_FOUND", null], ["anonymous", "OK", Number(A.id)]]);
    expect(JSON.stringify(rows)).not.toContain(A.queryCode);
    expect(JSON.stringify(rows)).not.toContain(A.queryCode.replace(/-/g, ""));
  });

  it("refuses a wrong code like an unknown number, and then limits the petition, the right code included", async () => {
    expect(codeOf(await lookup(t, "XF20000101-999999", B.queryCode))).toBe("NOT_FOUND");
    for (let i = 1; i < PER_PETITION; i++) expect(codeOf(await lookup(t, B.number, wrong(B.queryCode)))).toBe("NOT_FOUND");
    expect(codeOf(await lookup(t, B.number, "not a code"))).toBe("NOT_FOUND");
    // B has had PER_PETITION wrong codes: even the right one is refused until the window ends.
    const limited = await lookup(t, B.number, B.queryCode);
    expect(codeOf(limited)).toBe("RATE_LIMITED");
    expect(JSON.stringify(limited)).not.toContain(B.number.slice(-6) + '"'); // nothing about B beyond the refusal
    // Another petition from the same address is still answered (5 failures so far, the address allows 7).
    expect(codeOf(await lookup(t, A.number, A.queryCode))).toBe("OK");
    const audited = (await t.hub.deps.db.query(`SELECT outcome FROM audit_log WHERE action = 'Query.citizenProgress' ORDER BY seq`)) as { outcome: string }[];
    expect(audited.map((a) => a.outcome)).toEqual(expect.arrayContaining(["NOT_FOUND", "RATE_LIMITED"]));
  });

  it("limits the client address across petitions, in every hub process sharing the Redis", async () => {
    // Two more failures on unknown numbers bring the address to PER_CLIENT.
    expect(codeOf(await lookup(t, "XF20000101-999998", A.queryCode))).toBe("NOT_FOUND");
    expect(codeOf(await lookup(t, "XF20000101-999997", A.queryCode))).toBe("NOT_FOUND");
    expect(codeOf(await lookup(t, A.number, A.queryCode))).toBe("RATE_LIMITED");
    // A second API process on the same database and Redis (same prefix) knows the count.
    const second = await startTestHub({ HUB_ROLE: "api", QUEUE_PREFIX: t.queuePrefix, CITIZEN_LOOKUP_MAX_FAILURES_PER_PETITION: String(PER_PETITION), CITIZEN_LOOKUP_MAX_FAILURES_PER_CLIENT: String(PER_CLIENT) }, { url: t.databaseUrl, drop: async () => undefined });
    try {
      expect(codeOf(await lookup(second, A.number, A.queryCode))).toBe("RATE_LIMITED");
    } finally {
      await second.stop();
    }
  });
});

describe("already in procedure (partner systems)", () => {
  it("answers yes/no and a count, nothing else, to a partner's machine client", async () => {
    const hotline = await t.token("DY_RSJ", [Role.AGENCY_SYSTEM], "hotline-12345");
    const r = await t.gql(hotline, `query($n: String!) { alreadyInProcedure(idNumber: $n) { inProcedure openMatters } }`, { n: ID_NUMBER });
    // The whole body, exactly: A and B are two open matters of this person.
    expect({ data: r.data, errors: r.errors }).toEqual({ data: { alreadyInProcedure: { inProcedure: true, openMatters: 2 } }, errors: undefined });
    const none = await t.gql(hotline, `{ alreadyInProcedure(idNumber: "11010519491231002X") { inProcedure openMatters } }`);
    expect(none.data).toEqual({ alreadyInProcedure: { inProcedure: false, openMatters: 0 } });
    const bad = await t.gql(hotline, `{ alreadyInProcedure(idNumber: "not-an-id") { inProcedure } }`);
    expect(codeOf(bad)).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(bad)).not.toContain("not-an-id");
  });

  it("counts a matter no longer in procedure out, and keeps the ID number out of the audit log", async () => {
    await move(registrar, "startRouting", B.id);
    await move(registrar, "forwardPetition", B.id, `toOrgId: "${ids.DY_ZJJ}"`);
    await move(handler, "notAcceptPetition", B.id, `reason: "已过诉讼时效"`);
    const hotline = await t.token("DY_RSJ", [Role.AGENCY_SYSTEM], "hotline-12345");
    const r = await ok<{ alreadyInProcedure: unknown }>(hotline, `query($n: String!) { alreadyInProcedure(idNumber: $n) { inProcedure openMatters } }`, { n: ID_NUMBER });
    expect(r.alreadyInProcedure).toEqual({ inProcedure: true, openMatters: 1 });
    const audit = (await t.hub.deps.db.query(`SELECT actorSubject, outcome, details FROM audit_log WHERE action = 'Query.alreadyInProcedure' ORDER BY seq`)) as { actorSubject: string; outcome: string }[];
    expect(audit.map((a) => [a.actorSubject, a.outcome])).toEqual(expect.arrayContaining([["hotline-12345", "OK"], ["hotline-12345", "BAD_USER_INPUT"]]));
    expect(JSON.stringify(await t.hub.deps.db.query(`SELECT * FROM audit_log`))).not.toContain(ID_NUMBER);
  });
});
