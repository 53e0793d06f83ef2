import Redis from "ioredis";
import { Role } from "../../src/domain/petition-terms";
import { relayWakeChannel } from "../../src/queues/relay-wake";
import { freshDatabaseUrl, startTestHub, TestHub } from "../factories/test-hub";

// Issue 8: a split API process (HUB_ROLE=api, no relay) wakes the worker's relay through Redis after committing
// outbox rows. The worker polls only every 60 s here, so rows relayed within seconds were relayed by the wake.

const POLL_MS = 60_000;
let worker: TestHub;
let api: TestHub;
let locality: string;

beforeAll(async () => {
  const db = await freshDatabaseUrl();
  worker = await startTestHub({ HUB_ROLE: "worker", RELAY_INTERVAL_MS: String(POLL_MS) }, db);
  api = await startTestHub({ HUB_ROLE: "api", QUEUE_PREFIX: worker.queuePrefix }, db);
  locality = String((await api.org("GRX_XFJ")).id);
  // The worker's first tick (at start) has run; from now on only a wake or the 60 s poll relays.
  await new Promise((r) => setTimeout(r, 300));
}, 60_000);
afterAll(async () => {
  await api?.stop({ keepDatabase: true });
  await worker?.stop();
});

async function submit(summary: string): Promise<string> {
  const r = await api.gql<{ submitPetition: { id: string } }>(await api.token("DY_XFJ", [Role.REGISTRAR]), `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: "VISIT", category: "APPEAL_REQUEST", localityOrgId: locality, summary, request: "请求解决", specialGroups: ["DISABLED"], petitioners: [{ name: "钱某", disabled: true }] },
  });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.submitPetition.id;
}

/** The petition's outbox rows (its own and its referrals'), with whether each was relayed. */
async function outboxOf(petitionId: string): Promise<{ type: string; sent: boolean }[]> {
  const rows: { type: string; sentAt: unknown }[] = await worker.hub.deps.db.query(
    "SELECT o.type, o.sentAt FROM outbox o WHERE (o.aggregateType = 'petition' AND o.aggregateId = ?) OR (o.aggregateType = 'referral' AND o.aggregateId IN (SELECT CAST(r.id AS CHAR) FROM referral r WHERE r.petitionId = ?))",
    [petitionId, petitionId],
  );
  return rows.map((r) => ({ type: r.type, sent: r.sentAt !== null }));
}

describe("relay wake across processes", () => {
  it("rows committed by an API-only hub are relayed by the worker's relay long before its poll", async () => {
    const t0 = Date.now();
    const id = await submit("跨进程唤醒转发");
    let rows: { type: string; sent: boolean }[] = [];
    while (Date.now() - t0 < 5_000) {
      rows = await outboxOf(id);
      if (rows.length > 0 && rows.every((r) => r.sent)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(["petition.received", "referral.created", "referral.delivery-requested"]));
    expect(rows.every((r) => r.sent)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5_000); // the poll would have taken up to 60 s
  }, 20_000);

  it("the API hub publishes one wake on the prefix's channel per commit that wrote outbox rows, none for a read", async () => {
    const sub = new Redis(process.env.TEST_REDIS_URL!);
    const got: string[] = [];
    try {
      sub.on("message", (channel: string) => void got.push(channel));
      await sub.subscribe(relayWakeChannel(worker.queuePrefix));
      const token = await api.token("DY_XFJ", [Role.CASE_OFFICER]);
      const read = await api.gql(token, "{ petitions(first: 1) { nodes { id } } }");
      expect(read.errors).toBeUndefined();
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toEqual([]);
      await submit("唤醒通知");
      const end = Date.now() + 3_000;
      while (got.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual([relayWakeChannel(worker.queuePrefix)]);
    } finally {
      sub.disconnect();
    }
  }, 20_000);
});
