import { UnrecoverableError, Worker } from "bullmq";
import { parseAgencyEndpoints } from "../../src/connectors/config";
import { appendAuditNow } from "../../src/db/audit-log";
import { runAuditVerify, verifyAuditLog } from "../../src/db/audit-verify";
import { OUTCOME_OK } from "../../src/domain/audit/audit-chain";
import { Role } from "../../src/domain/petition-terms";
import { agencyQueue } from "../../src/queues/contracts";
import { startTestHub, TestHub } from "../factories/test-hub";

// Real hub over HTTP (MariaDB, or SQLite with TEST_DB_KIND=sqlite) + Redis. API role only: no delivery workers,
// so a failed delivery made here stays failed until the test replays it.
let t: TestHub;
let registrar: string;
let auditor: string;
let ids: Record<string, string>;

const ID_NUMBER = "37050219900101123X";
const PHONE = "13912345678";
const NAME = "审计某";

interface Row {
  seq: number;
  actorSubject: string;
  actorOrgId: number | null;
  roles: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  petitionId: number | null;
  outcome: string;
  requestId: string | null;
  clientIp: string | null;
  details: string | null;
  prevHash: string;
  hash: string;
}

beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" }, undefined, {
    agencies: parseAgencyEndpoints(JSON.stringify({ SL_YT: { protocol: "GRAPHQL", baseUrl: "http://127.0.0.1:9/graphql", token: "unused-in-this-test" } })),
  });
  registrar = await t.token("DY_XFJ", [Role.REGISTRAR], "user:registrar-1");
  auditor = await t.token("DY_XFJ", [Role.AUDITOR], "user:auditor-1");
  ids = {};
  for (const code of ["DY_XFJ", "GRX_XFJ", "LJX_XFJ", "DY_CL"]) ids[code] = String((await t.org(code)).id);
}, 60_000);
afterAll(() => t?.stop());

const rows = async (where = "1=1", params: unknown[] = []): Promise<Row[]> =>
  (await t.hub.deps.db.query(`SELECT * FROM audit_log WHERE ${where} ORDER BY seq`, params)).map((r: Row) => ({ ...r, seq: Number(r.seq) }));
const lastRow = async () => (await rows()).at(-1)!;

async function submit(token = registrar, summary = "审计事项"): Promise<{ id?: string; code?: string }> {
  const r = await t.gql<{ submitPetition: { id: string } }>(token, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "ONLINE", category: "APPEAL_REQUEST", localityOrgId: ids.GRX_XFJ, summary, request: "请求", petitioners: [{ name: NAME, idNumber: ID_NUMBER, phone: PHONE }] },
  });
  return { id: r.data?.submitPetition?.id, code: r.errors?.[0]?.extensions?.code };
}

const TRAIL = `query($f: AuditTrailFilterInput, $first: Int, $after: String) {
  auditTrail(filter: $f, first: $first, after: $after) { nodes { seq action outcome actorSubject actorOrgId petitionId resourceType resourceId details hash prevHash }
  pageInfo { hasNextPage endCursor } } }`;
type TrailNode = { seq: string; action: string; outcome: string; actorSubject: string; actorOrgId: string | null; petitionId: string | null; resourceType: string | null; resourceId: string | null; details: string | null };
const trail = (token: string | null, variables: Record<string, unknown>) =>
  t.gql<{ auditTrail: { nodes: TrailNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(token, TRAIL, variables);

describe("what the audit log records", () => {
  it("a successful mutation: actor, organisation, roles, action, resource, OK, written in the command's transaction", async () => {
    const { id } = await submit();
    const mine = await rows("action = ? AND petitionId = ?", ["Mutation.submitPetition", Number(id)]);
    expect(mine).toHaveLength(1);
    const e = mine[0];
    expect(e).toMatchObject({ actorSubject: "user:registrar-1", actorOrgId: Number(ids.DY_XFJ), resourceType: "petition", resourceId: id, outcome: OUTCOME_OK });
    expect(JSON.parse(e.roles)).toEqual(["REGISTRAR"]);
    expect(e.requestId).toBeTruthy();
    expect(e.clientIp).toMatch(/127\.0\.0\.1/);
    // Identifiers only: the locality id is there, the petitioner's name, ID number and phone are not.
    expect(JSON.parse(e.details!)).toMatchObject({ field: "submitPetition", args: { "input.localityOrgId": ids.GRX_XFJ } });
    for (const secret of [NAME, ID_NUMBER, PHONE, "审计事项"]) expect(JSON.stringify(e)).not.toContain(secret);
  });

  it("a failed mutation records its error code, whoever refused it (auth, policy, command, state machine)", async () => {
    const before = (await lastRow()).seq;
    const { id } = await submit();
    const county = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "user:lijin-1");
    const agency = await t.token("DY_CL", [Role.HANDLER], "user:cl-1");
    const attempts: [string | null, string][] = [
      [null, `mutation { acceptPetition(id: "${id}") { id } }`], // anonymous
      [agency, `mutation { closeReferral(id: "1") { id } }`], // policy: bureau only
      [county, `mutation { acceptPetition(id: "${id}") { id } }`], // invisible → NOT_FOUND
      [registrar, `mutation { acceptPetition(id: "nope") { id } }`], // bad id
      [registrar, `mutation { answerPetition(id: "${id}", outcome: SUPPORT, text: "x") { id } }`], // wrong state or shape
    ];
    const codes: string[] = [];
    for (const [token, q] of attempts) {
      const r = await t.gql(token, q);
      expect(r.errors?.length).toBeGreaterThan(0);
      codes.push(String(r.errors![0].extensions?.code));
    }
    expect(codes.slice(0, 4)).toEqual(["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT"]);
    const failures = (await rows("seq > ?", [before])).filter((r) => r.outcome !== OUTCOME_OK);
    // Validation errors of the document itself (unknown arguments) never reach a resolver; everything else is recorded.
    const executed = codes.filter((c) => c !== "GRAPHQL_VALIDATION_FAILED");
    expect(failures.map((f) => f.outcome)).toEqual(executed);
    expect(failures[0]).toMatchObject({ actorSubject: "anonymous", actorOrgId: null, action: "Mutation.acceptPetition", petitionId: Number(id) });
    expect(failures[1]).toMatchObject({ actorSubject: "user:cl-1", actorOrgId: Number(ids.DY_CL), action: "Mutation.closeReferral" });
    expect(failures[2]).toMatchObject({ actorSubject: "user:lijin-1", outcome: "NOT_FOUND", action: "Mutation.acceptPetition" });
    // None of the refused attempts changed the petition, so none has an OK entry after the submit.
    expect((await rows("seq > ? AND petitionId = ? AND outcome = 'OK'", [before, Number(id)])).map((r) => r.action)).toEqual(["Mutation.submitPetition"]);
  });

  it("every clear read of personal data is a PII_READ entry naming petitioner and field, never the value", async () => {
    const { id } = await submit();
    const r = await t.gql<{ petition: { petitioners: { idNumber: string; phone: string }[] } }>(registrar, `query Read($id: ID!) { petition(id: $id) { petitioners { idNumber phone } } }`, { id });
    expect(r.data?.petition.petitioners[0]).toEqual({ idNumber: ID_NUMBER, phone: PHONE });
    const reads = await rows("action = 'PII_READ' AND petitionId = ?", [Number(id)]);
    expect(reads.map((x) => JSON.parse(x.details!).field).sort()).toEqual(["idNumber", "phone"]);
    for (const x of reads) {
      expect(x).toMatchObject({ actorSubject: "user:registrar-1", resourceType: "petitioner", outcome: OUTCOME_OK });
      expect(JSON.parse(x.details!).operation).toBe("Read");
      expect(JSON.stringify(x)).not.toContain(ID_NUMBER);
      expect(JSON.stringify(x)).not.toContain(PHONE);
    }
    // A masked read (a county handler) is not a clear read and adds nothing.
    const n = (await rows("action = 'PII_READ'")).length;
    const guangrao = await t.token("GRX_XFJ", [Role.HANDLER]);
    await t.gql(guangrao, `query($id: ID!) { petition(id: $id) { petitioners { idNumber phone } } }`, { id });
    expect((await rows("action = 'PII_READ'")).length).toBe(n);
  });

  it("20 mutations in parallel keep one unbroken chain: seq without gaps, each prev_hash the previous hash", async () => {
    const before = (await lastRow()).seq;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(registrar, `并发事项 ${i}`)));
    expect(results.every((r) => r.id)).toBe(true);
    const all = await rows();
    expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1));
    for (let i = 1; i < all.length; i++) expect(all[i].prevHash).toBe(all[i - 1].hash);
    const added = all.filter((r) => r.seq > before && r.action === "Mutation.submitPetition");
    expect(new Set(added.map((r) => r.petitionId)).size).toBe(20);
    const v = await verifyAuditLog(t.hub.deps.db);
    expect(v).toMatchObject({ ok: true, count: all.length, head: { seq: all.at(-1)!.seq, hash: all.at(-1)!.hash } });
  });

  it("a delivery replay is a DELIVERY_REPLAY entry; a Bull Board change is a BULLBOARD_ACTION entry, a GET is nothing", async () => {
    const queue = t.hub.queues.get(agencyQueue("SL_YT"));
    const job = await queue.add("deliver", { outboxId: "1", referralId: 424242, agencyCode: "SL_YT", requestedAt: new Date().toISOString() }, { jobId: "audit-replay-1", attempts: 1 });
    const worker = new Worker(queue.name, async () => { throw new UnrecoverableError("refused by the test"); }, { connection: { url: t.hub.redisUrl, maxRetriesPerRequest: null }, prefix: t.queuePrefix });
    try {
      for (let i = 0; i < 100 && !(await job.isFailed()); i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.close();
    }
    expect(await job.isFailed()).toBe(true);

    const operator = await t.token("DY_XFJ", [Role.OPERATOR], "user:operator-1");
    const replay = await t.gql<{ replayFailedDelivery: boolean }>(operator, `mutation { replayFailedDelivery(agencyCode: "SL_YT", jobId: "audit-replay-1") }`);
    expect(replay.data?.replayFailedDelivery).toBe(true);
    expect(await lastRow()).toMatchObject({ action: "DELIVERY_REPLAY", outcome: OUTCOME_OK, actorSubject: "user:operator-1", resourceType: "delivery", resourceId: "SL_YT:audit-replay-1" });
    expect(JSON.parse((await lastRow()).details!)).toMatchObject({ args: { agencyCode: "SL_YT", jobId: "audit-replay-1" }, referralId: "424242" });
    // A refused replay is recorded under the same action, with its code.
    expect((await t.gql(operator, `mutation { replayFailedDelivery(agencyCode: "SL_YT", jobId: "no-such-job") }`)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(await lastRow()).toMatchObject({ action: "DELIVERY_REPLAY", outcome: "NOT_FOUND" });

    const base = t.url.replace(/\/graphql$/, "");
    const auth = { authorization: `Bearer ${operator}` };
    const seq = (await lastRow()).seq;
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: auth })).status).toBe(200);
    expect((await lastRow()).seq).toBe(seq); // reads are not actions
    const retried = await fetch(`${base}/admin/queues/api/queues/${encodeURIComponent(queue.name)}/retry/failed`, { method: "PUT", headers: auth });
    expect(retried.status).toBeLessThan(300);
    expect(await lastRow()).toMatchObject({ seq: seq + 1, action: "BULLBOARD_ACTION", outcome: OUTCOME_OK, actorSubject: "user:operator-1", resourceType: "queue", resourceId: queue.name });
    expect(JSON.parse((await lastRow()).details!)).toMatchObject({ method: "PUT", status: retried.status });
    const missing = await fetch(`${base}/admin/queues/api/queues/no-such-queue/retry/failed`, { method: "PUT", headers: auth });
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(await lastRow()).toMatchObject({ action: "BULLBOARD_ACTION", outcome: `HTTP_${missing.status}`, resourceId: "no-such-queue" });
    // Someone refused at the door reaches no queue, so there is no board action to record.
    const seqAfter = (await lastRow()).seq;
    expect((await fetch(`${base}/admin/queues/api/queues/x/retry/failed`, { method: "PUT" })).status).toBe(403);
    expect((await lastRow()).seq).toBe(seqAfter);
  });
});

describe("no committed change without its entry", () => {
  it("when the audit append fails, the mutation's change rolls back and a clear read is not returned", async () => {
    const countPetitions = async () => Number((await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM petition"))[0].n);
    const { id } = await submit();
    const before = await countPetitions();
    await t.hub.deps.db.query("ALTER TABLE audit_log RENAME TO audit_log_away");
    try {
      const r = await submit(registrar, "审计不可写时");
      expect(r.id).toBeUndefined();
      expect(r.code).toBe("INTERNAL_SERVER_ERROR");
      expect(await countPetitions()).toBe(before);
      const read = await t.gql<{ petition: { petitioners: { idNumber: string }[] } | null }>(registrar, `query($id: ID!) { petition(id: $id) { petitioners { idNumber } } }`, { id });
      expect(JSON.stringify(read)).not.toContain(ID_NUMBER);
    } finally {
      await t.hub.deps.db.query("ALTER TABLE audit_log_away RENAME TO audit_log");
    }
    expect((await verifyAuditLog(t.hub.deps.db)).ok).toBe(true);
  });
});

describe("auditTrail", () => {
  it("is for the city bureau's AUDITOR only; everyone else is refused (and the refusal is itself recorded)", async () => {
    const refused: [string | null, string][] = [
      [await t.token("LJX_XFJ", [Role.AUDITOR]), "FORBIDDEN"], // a county office's auditor
      [await t.token("DY_CL", [Role.AUDITOR]), "FORBIDDEN"], // an agency
      [await t.token("DY_XFJ", [Role.CASE_OFFICER, Role.OPERATOR]), "FORBIDDEN"], // bureau, but not an auditor
      [null, "UNAUTHENTICATED"],
    ];
    for (const [token, code] of refused) {
      const r = await trail(token, { first: 5 });
      expect(r.errors?.[0].extensions?.code).toBe(code);
      expect(r.data?.auditTrail ?? null).toBeNull();
      expect(await lastRow()).toMatchObject({ action: "Query.auditTrail", outcome: code });
    }
  });

  it("filters by petition, organisation, actor and period, pages with a cursor, and audits each read", async () => {
    const { id } = await submit();
    await t.gql(registrar, `query($id: ID!) { petition(id: $id) { petitioners { phone } } }`, { id });
    const byPetition = await trail(auditor, { f: { petitionId: id }, first: 50 });
    expect(byPetition.errors).toBeUndefined();
    expect(byPetition.data!.auditTrail.nodes.map((n) => n.action)).toEqual(["Mutation.submitPetition", "PII_READ"]);
    expect(byPetition.data!.auditTrail.nodes.every((n) => n.petitionId === id)).toBe(true);
    // The read itself is the newest entry, with the auditor as actor and the filter's ids in details.
    const readEntry = await lastRow();
    expect(readEntry).toMatchObject({ action: "Query.auditTrail", outcome: OUTCOME_OK, actorSubject: "user:auditor-1" });
    expect(JSON.parse(readEntry.details!)).toMatchObject({ args: { "filter.petitionId": id }, returned: 2 });

    const byActor = await trail(auditor, { f: { actor: "user:lijin-1" }, first: 50 });
    expect(byActor.data!.auditTrail.nodes.length).toBeGreaterThan(0);
    expect(byActor.data!.auditTrail.nodes.every((n) => n.actorSubject === "user:lijin-1")).toBe(true);

    const byOrg = await trail(auditor, { f: { orgId: ids.DY_CL }, first: 50 });
    expect(byOrg.data!.auditTrail.nodes.length).toBeGreaterThan(0);
    expect(byOrg.data!.auditTrail.nodes.every((n) => n.actorOrgId === ids.DY_CL)).toBe(true);

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await trail(auditor, { f: { from: future }, first: 50 })).data!.auditTrail.nodes).toEqual([]);
    const sinceHourAgo = await trail(auditor, { f: { from: new Date(Date.now() - 3600_000).toISOString(), to: future, petitionId: id }, first: 50 });
    expect(sinceHourAgo.data!.auditTrail.nodes).toHaveLength(2);

    // Paging: three pages of two walk the chain in order without overlap.
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const p = await trail(auditor, { first: 2, after });
      expect(p.data!.auditTrail.nodes).toHaveLength(2);
      seen.push(...p.data!.auditTrail.nodes.map((n) => n.seq));
      expect(p.data!.auditTrail.pageInfo.hasNextPage).toBe(true);
      after = p.data!.auditTrail.pageInfo.endCursor;
    }
    expect(seen).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect((await trail(auditor, { first: 2, after: "not-a-cursor" })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect((await trail(auditor, { first: 501 })).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("has no mutation that changes or deletes entries", async () => {
    const r = await t.gql<{ __schema: { mutationType: { fields: { name: string }[] } } }>(auditor, `{ __schema { mutationType { fields { name } } } }`);
    const names = r.data?.__schema.mutationType.fields.map((f) => f.name) ?? [];
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => /audit/i.test(n))).toEqual([]);
  });
});

describe("audit:verify", () => {
  const db = () => t.hub.deps.db;
  const run = async (argv: string[] = []) => {
    const out: string[] = [];
    const code = await runAuditVerify(db(), argv, (l) => out.push(l));
    return { code, out: out.join("\n") };
  };

  it("passes on the untouched chain, printing the count and head, and on a chain that switched to SM3", async () => {
    await appendAuditNow(db(), [{ at: new Date(), actorSubject: "test", actorOrgId: null, onBehalfOfOrgId: null, roles: [], action: "TEST_SM3", resourceType: null, resourceId: null, petitionId: null, outcome: OUTCOME_OK, requestId: null, clientIp: null, details: null }], "sm3");
    const last = await lastRow();
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out).toContain(`audit chain OK: ${last.seq} entries, head seq ${last.seq}, hash ${last.hash}`);
    expect(r.out).toContain(`anchor: ${last.seq}:${last.hash}`);
  });

  it("fails at the seq of an entry whose details were changed by SQL, and passes again once restored", async () => {
    const target = (await rows("action = 'Mutation.submitPetition'"))[2];
    await db().query("UPDATE audit_log SET details = ? WHERE seq = ?", ['{"field":"submitPetition","args":{}}', target.seq]);
    const r = await run();
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN at seq ${target.seq} (MODIFIED)`);
    await db().query("UPDATE audit_log SET outcome = 'OK', details = ? WHERE seq = ?", [target.details, target.seq]);
    expect((await run()).code).toBe(0);
    // A forged hash is caught at the entry itself (and would break the next entry's link).
    await db().query("UPDATE audit_log SET hash = ? WHERE seq = ?", ["f".repeat(64), target.seq]);
    expect((await run()).out).toContain(`BROKEN at seq ${target.seq}`);
    await db().query("UPDATE audit_log SET hash = ? WHERE seq = ?", [target.hash, target.seq]);
    expect((await run()).code).toBe(0);
  });

  it("fails on a deleted middle entry, on entries swapped in order, and on a deleted tail against the head or an anchor", async () => {
    const all = await rows();
    const head = all.at(-1)!;
    const anchor = `${head.seq}:${head.hash}`;
    expect((await run(["--anchor", anchor])).code).toBe(0);

    // Swap two entries' positions (their contents trade seq values).
    const [a, b] = [all[4], all[5]];
    await db().query("UPDATE audit_log SET seq = ? WHERE seq = ?", [-1, a.seq]);
    await db().query("UPDATE audit_log SET seq = ? WHERE seq = ?", [a.seq, b.seq]);
    await db().query("UPDATE audit_log SET seq = ? WHERE seq = ?", [b.seq, -1]);
    const swapped = await run();
    expect(swapped.code).toBe(1);
    expect(swapped.out).toContain(`BROKEN at seq ${a.seq}`);
    await db().query("UPDATE audit_log SET seq = ? WHERE seq = ?", [-1, a.seq]);
    await db().query("UPDATE audit_log SET seq = ? WHERE seq = ?", [a.seq, b.seq]);
    await db().query("UPDATE audit_log SET seq = ? WHERE seq = ?", [b.seq, -1]);
    expect((await run()).code).toBe(0);

    // Delete the tail and rewind the head row too: only the anchor recorded elsewhere notices.
    await db().query("DELETE FROM audit_log WHERE seq = ?", [head.seq]);
    expect((await run()).out).toContain(`BROKEN at seq ${head.seq} (HEAD_MISMATCH)`);
    await db().query("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", [all.at(-2)!.seq, all.at(-2)!.hash]);
    expect((await run()).code).toBe(0);
    const anchored = await run(["--anchor", anchor]);
    expect(anchored.code).toBe(1);
    expect(anchored.out).toContain(`BROKEN at seq ${head.seq} (ANCHOR_MISMATCH)`);
    expect((await run(["--anchor", "garbage"])).code).toBe(2);

    // Delete a middle entry.
    const middle = all[Math.floor(all.length / 2)];
    await db().query("DELETE FROM audit_log WHERE seq = ?", [middle.seq]);
    const deleted = await run();
    expect(deleted.code).toBe(1);
    expect(deleted.out).toContain(`BROKEN at seq ${middle.seq} (MISSING)`);
  });
});
