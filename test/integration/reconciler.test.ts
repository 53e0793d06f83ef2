import { Role } from "../../src/domain/petition-terms";
import { createLogger } from "../../src/platform/logger";
import { agencyQueue } from "../../src/queues/contracts";
import { Reconciler } from "../../src/queues/reconciler";
import { freshDatabaseUrl, startTestHub, TestHub } from "../factories/test-hub";
import { until } from "../support/prod-redis";

// The reconciler against a real database and Redis, without faults: what it re-derives and what it leaves alone.
// The worker hub has no connector for 残联, so delivery jobs wait in Redis untouched; its own scheduled reconciler
// has a 10-minute grace, so only the reconciler under test acts.

const REGISTER = `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`;

let api: TestHub;
let worker: TestHub;
beforeAll(async () => {
  const db = await freshDatabaseUrl();
  api = await startTestHub({ HUB_ROLE: "api" }, db);
  const token = await api.token("DY_XFJ", [Role.REGISTRAR]);
  const locality = String((await api.org("GRX_XFJ")).id);
  for (let i = 0; i < 3; i++) {
    const r = await api.gql(token, REGISTER, { i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: locality, specialGroups: ["DISABLED"], summary: `补贴停发 ${i}`, request: "请求恢复发放", petitioners: [{ name: "钱某" }] } });
    expect(r.errors).toBeUndefined();
  }
  worker = await startTestHub({ HUB_ROLE: "worker", QUEUE_PREFIX: api.queuePrefix, RECONCILE_GRACE_MS: "600000" }, db);
  await until("the three delivery rows to be sent", async () => Number((await api.hub.deps.db.query("SELECT COUNT(*) AS n FROM outbox WHERE type = 'referral.delivery-requested' AND sentAt IS NOT NULL"))[0].n) === 3);
});
afterAll(async () => {
  await worker?.stop({ keepDatabase: true });
  await api?.stop();
});

const queue = () => worker.hub.queues.get(agencyQueue("DY_CL"));
const rows = async (): Promise<{ id: string; referralId: number }[]> =>
  (await api.hub.deps.db.query("SELECT id, aggregateId FROM outbox WHERE type = 'referral.delivery-requested' ORDER BY id")).map((r: { id: string | number; aggregateId: string }) => ({ id: String(r.id), referralId: Number(r.aggregateId) }));
const reconciler = (graceMs: number, batch = 2) => new Reconciler(worker.hub.deps.db, (n) => worker.hub.queues.get(n), createLogger("silent"), { graceMs, timeoutMs: 2_000, batch });

it("leaves deliveries alone while their jobs exist, and pages through the awaited referrals", async () => {
  const r = reconciler(0);
  expect(await r.run()).toEqual({ checked: 2, rederived: 0, schedulersRepaired: 0 });
  // The next run continues after the second referral, then wraps round.
  expect(await r.run()).toEqual({ checked: 1, rederived: 0, schedulersRepaired: 0 });
  expect((await r.run()).checked).toBe(2);
});

it("re-adds a lost delivery under the same job id with the same data, once", async () => {
  const [first] = await rows();
  const jobId = `ob-${first.id}`;
  const before = (await queue().getJob(jobId))!.data;
  await (await queue().getJob(jobId))!.remove();
  expect(await queue().getJob(jobId)).toBeUndefined();

  // Within the grace it is not lost yet (the row was sent moments ago).
  expect((await reconciler(600_000).run()).rederived).toBe(0);
  expect(await queue().getJob(jobId)).toBeUndefined();

  const r = reconciler(0, 500);
  expect(await r.run()).toEqual({ checked: 3, rederived: 1, schedulersRepaired: 0 });
  const again = await queue().getJob(jobId);
  expect(again?.data).toEqual(before);
  expect(await queue().getWaitingCount()).toBe(3);
  // Back in Redis, so the next run adds nothing.
  expect((await r.run()).rederived).toBe(0);
});

it("never re-derives a delivery the database already records", async () => {
  const [, second] = await rows();
  const jobId = `ob-${second.id}`;
  await (await queue().getJob(jobId))!.remove();
  // Delivered (an external reference recorded) while Redis lost the job: nothing to do.
  await api.hub.deps.db.query("UPDATE referral SET state = 'DELIVERED', externalRef = 'X-1' WHERE id = ?", [second.referralId]);
  expect(await reconciler(0, 500).run()).toEqual({ checked: 2, rederived: 0, schedulersRepaired: 0 });
  expect(await queue().getJob(jobId)).toBeUndefined();
});
