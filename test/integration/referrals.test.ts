import { parseAgencyEndpoints } from "../../src/connectors/config";
import { Role } from "../../src/domain/petition-terms";
import { count, referralsOf, registerPetition, waitForReferrals } from "../factories/referrals";
import { startTestHub, TestHub } from "../factories/test-hub";
import { RunningSimulators, signAsPartner, startAllSimulators } from "../simulators";

let sims: RunningSimulators;
let t: TestHub;
const sim = (code: string) => sims.simulators.get(code)!;

beforeAll(async () => {
  sims = await startAllSimulators({ ackDelayMs: 150, respondDelayMs: 400, timeoutMs: 700, circuit: { volumeThreshold: 50 } });
  t = await startTestHub({ POLL_EVERY_MS: "300", DELIVERY_LOCK_MS: "5000" }, undefined, { agencies: parseAgencyEndpoints(sims.endpointsJson) });
  await sims.connectHub(t.url, (code) => t.token(code, [Role.AGENCY_SYSTEM], `system:${code}`));
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await sims?.stop();
});
afterEach(() => {
  for (const s of sims.simulators.values()) s.control.reset();
});

const answered = (n: number) => (rs: { state: string }[]) => rs.length === n && rs.every((r) => r.state === "RESPONDED");

describe("special-group joint handling end to end", () => {
  it("a disabled veteran's petition goes to 残联 and 退役军人事务局, is delivered, acknowledged and answered, within seconds", async () => {
    const started = Date.now();
    const id = await registerPetition(t, { specialGroups: ["DISABLED", "VETERAN_MILITARY"], summary: "退役伤残军人抚恤金未足额发放" });
    const rs = await waitForReferrals(t, id, answered(2));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(rs.map((r) => `${r.agency.code}:${r.role}`).sort()).toEqual(["DY_CL:CO_HANDLER", "DY_TYJR:CO_HANDLER"]);
    for (const r of rs) {
      expect(r.externalRef).toBeTruthy();
      expect(r.response?.opinion).toBeTruthy();
      expect([count(r, "DELIVER"), count(r, "ACKNOWLEDGE"), count(r, "RESPOND")]).toEqual([1, 1, 1]);
      // The callbacks came from the agency's own system, not from the hub acting for it.
      expect(r.timeline.find((e) => e.event === "RESPOND")?.actor).toBe(`system:${r.agency.code}`);
      expect(sim(r.agency.code).received().filter((d) => d.referralId === r.id)).toHaveLength(1);
    }
    // Each agency sees only its own referral on the petition.
    const cl = await t.token("DY_CL", [Role.AGENCY_SYSTEM]);
    const seen = await t.gql<{ petition: { referrals: { agency: { code: string } }[] } }>(cl, `{ petition(id: "${id}") { referrals { agency { code } } } }`);
    expect(seen.data!.petition.referrals.map((r) => r.agency.code)).toEqual(["DY_CL"]);
    // The competent handler's statutory clock is untouched by the referrals.
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    const p = await t.gql<{ petition: { state: string; deadlines: { kind: string; state: string }[] } }>(officer, `{ petition(id: "${id}") { state deadlines { kind state } } }`);
    expect(p.data!.petition).toEqual({ state: "REGISTERED", deadlines: [{ kind: "ROUTING", state: "OPEN" }] });
  });

  it("an agency that cannot call back (妇联, poll mode) is polled until its answer arrives", async () => {
    const id = await registerPetition(t, { specialGroups: ["WOMEN_CHILDREN"], summary: "遭受家庭暴力，请求人身安全保护" });
    const [r] = await waitForReferrals(t, id, answered(1));
    expect(r.agency.code).toBe("DY_FL");
    expect(r.timeline.find((e) => e.event === "RESPOND")?.actor).toBe("system:poller:DY_FL");
    expect(sim("DY_FL").callbacks()).toHaveLength(0);
  });

  it("an untagged ordinary petition produces no referral", async () => {
    const id = await registerPetition(t, { summary: "小区路灯损坏" });
    await new Promise((r) => setTimeout(r, 300));
    expect(await referralsOf(t, id)).toEqual([]);
  });
});

describe("faults end with every referral delivered exactly once in effect", () => {
  it("5xx twice, then recovery", async () => {
    sim("DY_CL").control.failNext(2, 503);
    const id = await registerPetition(t, { specialGroups: ["DISABLED"], summary: "残疾人辅具申领被拒" });
    const [r] = await waitForReferrals(t, id, answered(1));
    expect(count(r, "DELIVER")).toBe(1);
    expect(sim("DY_CL").received().filter((d) => d.referralId === r.id)).toHaveLength(1);
  });

  it("a timeout whose request still landed is retried with the same idempotency key and not duplicated", async () => {
    sim("DY_RSJ").control.delayNext(1, 1200); // beyond the 700 ms client timeout; the simulator still records it
    const id = await registerPetition(t, { specialGroups: ["MIGRANT_WORKER"], summary: "工地拖欠农民工工资" });
    // The agency may answer before our retry confirms the delivery; wait for both.
    const [r] = await waitForReferrals(t, id, (rs) => answered(1)(rs) && !!rs[0].externalRef);
    expect(count(r, "DELIVER")).toBe(1);
    expect(sim("DY_RSJ").received().filter((d) => d.referralId === r.id)).toHaveLength(1);
    expect(sim("DY_RSJ").requests()).toBeGreaterThanOrEqual(2);
  });

  it("429 with Retry-After pauses the agency's queue, then delivers", async () => {
    sim("NGQ").control.failNext(1, 429, { retryAfterSeconds: 1 });
    const started = Date.now();
    const id = await registerPetition(t, { localityCode: "NGQ", summary: "农高区土地流转租金未付" });
    const [r] = await waitForReferrals(t, id, (rs) => rs.length === 1 && rs[0].state !== "SENT");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.agency.code).toBe("NGQ");
    expect(count(r, "DELIVER")).toBe(1);
  });

  it("duplicate callbacks have one effect", async () => {
    sim("DY_TYJR").control.duplicateCallbacks(true);
    const id = await registerPetition(t, { specialGroups: ["VETERAN_MILITARY"], summary: "退役士兵安置待遇" });
    const [r] = await waitForReferrals(t, id, answered(1));
    await new Promise((res) => setTimeout(res, 300)); // let the second copies land
    const again = (await referralsOf(t, id))[0];
    expect(sim("DY_TYJR").callbacks().filter((c) => c.referralId === r.id).length).toBeGreaterThanOrEqual(4);
    expect([count(again, "ACKNOWLEDGE"), count(again, "RESPOND")]).toEqual([1, 1]);
    const events: { n: number }[] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE aggregateType = 'referral' AND aggregateId = ? AND type = 'referral.respond'", [r.id]);
    expect(Number(events[0].n)).toBe(1);
  });

  it("a permanent refusal (400) fails fast, is listed, and is delivered after an operator replays it", async () => {
    sim("SL_YT").control.failNext(Infinity, 400);
    const id = await registerPetition(t, { localityCode: "SL_YT", summary: "油田职工住房补贴" });
    const operator = await t.token("DY_XFJ", [Role.OPERATOR]);
    const FAILED = `{ failedDeliveries { jobId agencyCode referralId attemptsMade failedReason } }`;
    let failed: { jobId: string; agencyCode: string; referralId: string; attemptsMade: number; failedReason: string }[] = [];
    for (let i = 0; i < 100 && failed.length === 0; i++) {
      failed = (await t.gql<{ failedDeliveries: typeof failed }>(operator, FAILED)).data!.failedDeliveries.filter((f) => f.agencyCode === "SL_YT");
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failed).toHaveLength(1);
    expect(failed[0].attemptsMade).toBe(1); // no retries for a permanent error
    const [pending] = await referralsOf(t, id);
    expect(pending.state).toBe("SENT");
    // Only bureau operators see or replay failures.
    const agency = await t.token("SL_YT", [Role.AGENCY_SYSTEM]);
    expect((await t.gql(agency, FAILED)).errors?.[0].extensions?.code).toBe("FORBIDDEN");

    sim("SL_YT").control.reset();
    const replay = await t.gql<{ replayFailedDelivery: boolean }>(operator, `mutation { replayFailedDelivery(agencyCode: "SL_YT", jobId: "${failed[0].jobId}") }`);
    expect(replay.data?.replayFailedDelivery).toBe(true);
    const [r] = await waitForReferrals(t, id, answered(1));
    expect(count(r, "DELIVER")).toBe(1);
  });
});

describe("security of the linkage", () => {
  it("Bull Board at /admin/queues is for city-bureau operators only", async () => {
    const base = t.url.replace(/\/graphql$/, "");
    expect((await fetch(`${base}/admin/queues`)).status).toBe(403);
    const agency = await t.token("DY_CL", [Role.OPERATOR]);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${agency}` } })).status).toBe(403);
    const officer = await t.token("DY_XFJ", [Role.CASE_OFFICER]);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${officer}` } })).status).toBe(403);
    const operator = await t.token("DY_XFJ", [Role.OPERATOR]);
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${operator}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${operator}` } });
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(["hub-events", "agency-DY_CL", "agency-DY_TYJR"]));
    // Browsers sign in once with the form (token in the body); the session cookie then opens the board.
    const login = await fetch(`${base}/admin/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: operator }), redirect: "manual" });
    expect(login.status).toBe(303);
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    expect((await fetch(`${base}/admin/queues`, { headers: { cookie } })).status).toBe(200);
  });

  it("an agency cannot read or act on another agency's referral", async () => {
    const id = await registerPetition(t, { specialGroups: ["DISABLED"], summary: "残疾人就业补贴" });
    const [r] = await waitForReferrals(t, id, (rs) => rs.length === 1);
    const fl = await t.token("DY_FL", [Role.AGENCY_SYSTEM]);
    expect((await t.gql<{ referral: unknown }>(fl, `{ referral(id: "${r.id}") { id } }`)).data?.referral).toBeNull();
    const act = await t.gql(fl, `mutation { returnReferral(id: "${r.id}", reason: "不是我们的") { id } }`);
    expect(act.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const list = await t.gql<{ referrals: { nodes: { agency: { code: string } }[] } }>(fl, `{ referrals(first: 100) { nodes { agency { code } } } }`);
    expect(new Set(list.data!.referrals.nodes.map((n) => n.agency.code))).toEqual(new Set(list.data!.referrals.nodes.length ? ["DY_FL"] : []));
  });

  it("forged or expired agency tokens and callbacks for unknown referrals are refused and change nothing", async () => {
    const forged = (await t.token("DY_CL", [Role.AGENCY_SYSTEM])).slice(0, -4) + "AAAA";
    expect((await t.gql(forged, `mutation { acknowledgeReferral(id: "1") { id } }`)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const expired = await t.sign({ sub: "x", org: "DY_CL", roles: [Role.AGENCY_SYSTEM] }, { ttlSeconds: -5 });
    expect((await t.gql(expired, `mutation { acknowledgeReferral(id: "1") { id } }`)).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const cl = await t.token("DY_CL", [Role.AGENCY_SYSTEM]);
    expect((await t.gql(cl, `mutation { acknowledgeReferral(id: "999999") { id } }`)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    // Nothing was recorded for any of these callers (other referrals move in the background meanwhile).
    const rows: { n: number }[] = await t.hub.deps.db.query("SELECT COUNT(*) AS n FROM referral_transition WHERE actor IN ('test:DY_CL', 'x')");
    expect(Number(rows[0].n)).toBe(0);
  });

  it("the signed REST callback (RFC 9421, the partner's own key) is accepted once, its replay and a tampered body refused", async () => {
    sims.simulators.get("DY_RSJ")!.control.reset();
    const id = await registerPetition(t, { specialGroups: ["MIGRANT_WORKER"], summary: "社保补缴" });
    const [r] = await waitForReferrals(t, id, (rs) => rs.length === 1 && rs[0].state !== "SENT");
    const key = sims.started.get("DY_RSJ")!.partnerKey;
    const target = t.url.replace(/\/graphql$/, "/agency-callback");
    const message = (eventId: string, referralId: string) =>
      JSON.stringify({ schema: "referral.callback.v1", eventId, type: "acknowledged", referralId, occurredAt: new Date().toISOString() });
    const body = message(`rsj-ack-${r.id}`, r.id);
    const headers = { "content-type": "application/json", ...signAsPartner("POST", target, body, key) };
    const first = await fetch(target, { method: "POST", headers, body });
    // Acknowledged now, or already by the simulator's own GraphQL callback (then a harmless duplicate).
    expect(first.status).toBe(200);
    expect(((await first.json()) as { state: string }).state).toMatch(/ACKNOWLEDGED|RESPONDED/);
    const replay = await fetch(target, { method: "POST", headers, body });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_REPLAYED");
    const returned = body.replace('"acknowledged"', '"returned","reason":"x"');
    const tampered = await fetch(target, { method: "POST", headers: { ...signAsPartner("POST", target, body, key), "content-type": "application/json" }, body: returned });
    expect(tampered.status).toBe(401);
    const unknown = message("rsj-ack-unknown", "999999");
    const nf = await fetch(target, { method: "POST", headers: { "content-type": "application/json", ...signAsPartner("POST", target, unknown, key) }, body: unknown });
    expect(nf.status).toBe(404);
    const [after] = await waitForReferrals(t, id, (rs) => rs[0].state === "RESPONDED");
    expect(count(after, "ACKNOWLEDGE")).toBe(1);
    expect(count(after, "RETURN")).toBe(0);
  });
});
