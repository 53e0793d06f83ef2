import { systemPrincipal } from "../../src/domain/access/principal";
import { pollAgency } from "../../src/queues/handlers/poll-agency.handler";
import { createLogger } from "../../src/platform/logger";
import { referralsOf, registerPetition, waitForReferrals } from "../factories/referrals";
import { startTestHub, TestHub } from "../factories/test-hub";
import { startAgencySimulator, StartedSimulator } from "../simulators";

// 妇联 (DY_FL) cannot call the hub: its status is polled. The simulator 签收s at once and never answers, so every
// referral stays open (ACKNOWLEDGED is still "awaiting the agency") and the old "200 oldest" query would have read
// the same oldest referrals on every run. A run reads `batch` referrals, least recently polled first.

let sim: StartedSimulator;
let t: TestHub;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  sim = await startAgencySimulator("DY_FL", { ackDelayMs: 0, respondDelayMs: Infinity, timeoutMs: 2_000, circuit: { volumeThreshold: 50 } });
  // The scheduled poll is pushed out of the way (every 10 days): the test drives the runs itself.
  const log = createLogger("info", { write: (l: string) => void lines.push(JSON.parse(l)) });
  t = await startTestHub({ POLL_EVERY_MS: "864000000", POLL_BATCH: "2" }, undefined, { agencies: { DY_FL: sim.settings }, log });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await sim?.simulator.stop();
});

/** Registers `n` petitions for 妇联 and waits until each referral was delivered (the agency's reference known). */
async function deliveredReferrals(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const petition = await registerPetition(t, { specialGroups: ["WOMEN_CHILDREN"], summary: `家庭纠纷 ${i}` });
    const [r] = await waitForReferrals(t, petition, (rs) => rs.length === 1 && rs[0].state === "DELIVERED" && !!rs[0].externalRef);
    ids.push(petition);
    expect(r.agency.code).toBe("DY_FL");
  }
  return ids;
}

const states = async (petitions: string[]) => Promise.all(petitions.map(async (p) => (await referralsOf(t, p))[0].state));

async function pollOnce(batch: number) {
  const fl = await t.org("DY_FL");
  const bureau = await t.org("DY_XFJ");
  return pollAgency(t.hub.deps, t.hub.connectors.get("DY_FL")!, fl.id, systemPrincipal(bureau, "poller:DY_FL"), batch);
}

it("walks every open referral in turns when there are more than one batch holds", async () => {
  const petitions = await deliveredReferrals(5);
  // Run 1: the two never-polled oldest. Run 2: the next two never-polled. Run 3: the last never-polled one, then the
  // least recently polled (the first, already acknowledged: a no-op). Oldest-first would have stopped at two.
  expect(await pollOnce(2)).toEqual({ polled: 2, applied: 2, failed: 0 });
  expect(await states(petitions)).toEqual(["ACKNOWLEDGED", "ACKNOWLEDGED", "DELIVERED", "DELIVERED", "DELIVERED"]);
  expect(await pollOnce(2)).toEqual({ polled: 2, applied: 2, failed: 0 });
  expect(await states(petitions)).toEqual(["ACKNOWLEDGED", "ACKNOWLEDGED", "ACKNOWLEDGED", "ACKNOWLEDGED", "DELIVERED"]);
  expect(await pollOnce(2)).toEqual({ polled: 2, applied: 1, failed: 0 });
  expect(await states(petitions)).toEqual(["ACKNOWLEDGED", "ACKNOWLEDGED", "ACKNOWLEDGED", "ACKNOWLEDGED", "ACKNOWLEDGED"]);
}, 60_000);

it("one failing status call is logged and counted, and the other referrals are still polled", async () => {
  const petitions = await deliveredReferrals(3);
  // The three new referrals were never polled, so they come first in a batch of 3; the first status call gets a 500.
  sim.simulator.control.failNext(1, 500);
  lines.length = 0;
  expect(await pollOnce(3)).toEqual({ polled: 3, applied: 2, failed: 1 });
  expect(await states(petitions)).toEqual(["DELIVERED", "ACKNOWLEDGED", "ACKNOWLEDGED"]);
  const failedId = (await referralsOf(t, petitions[0]))[0].id;
  const logged = lines.find((l) => l.msg === "status poll of a referral failed; the others go on");
  expect(logged).toMatchObject({ level: 40, agency: "DY_FL", referralId: Number(failedId) });
  expect(lines.find((l) => l.msg === "status poll finished with failures")).toMatchObject({ agency: "DY_FL", polled: 3, applied: 2, failed: 1 });
  // The failed one went to the back of the line like the others and is read again in a later run.
  expect(await pollOnce(20)).toMatchObject({ failed: 0, applied: 1 });
  expect(await states(petitions)).toEqual(["ACKNOWLEDGED", "ACKNOWLEDGED", "ACKNOWLEDGED"]);
}, 60_000);

it("through the scheduler: with a batch of 2 every 300 ms, six open referrals are all acknowledged", async () => {
  // Its own simulator: referral ids of a second database would collide with the first hub's cases.
  const own = await startAgencySimulator("DY_FL", { ackDelayMs: 0, respondDelayMs: Infinity, timeoutMs: 2_000 });
  const scheduled = await startTestHub({ POLL_EVERY_MS: "300", POLL_BATCH: "2" }, undefined, { agencies: { DY_FL: own.settings } });
  try {
    const petitions: string[] = [];
    for (let i = 0; i < 6; i++) petitions.push(await registerPetition(scheduled, { specialGroups: ["WOMEN_CHILDREN"], summary: `定时轮询 ${i}` }));
    // Oldest-first with a batch of 2 would acknowledge the first two and never read the other four.
    for (const p of petitions) {
      const [r] = await waitForReferrals(scheduled, p, (rs) => rs.length === 1 && rs[0].state === "ACKNOWLEDGED", 20_000);
      expect(r.timeline.find((e) => e.event === "ACKNOWLEDGE")?.actor).toBe("system:poller:DY_FL");
    }
    expect(own.simulator.received()).toHaveLength(6);
  } finally {
    await scheduled.stop();
    await own.simulator.stop();
  }
}, 60_000);
