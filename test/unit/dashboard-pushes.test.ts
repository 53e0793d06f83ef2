import { Principal } from "../../src/domain/access/principal";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";
import { DashboardPushes } from "../../src/http/dashboard-pushes";
import { createLogger } from "../../src/platform/logger";
import { DashboardType } from "../../src/schema/dashboard.type";

// DashboardPushes with a hand-driven change source and a counting computation: one computation per scope per
// debounced burst, shared by every subscriber of that scope; a slow subscriber only ever holds the newest figures.

const principal = (orgId: number, kind = OrgKind.PETITION_OFFICE, level = OrgLevel.COUNTY, subject = `u${orgId}`): Principal =>
  ({ subject, orgId, orgCode: `O${orgId}`, orgKind: kind, orgLevel: level, orgPath: [orgId, 1], roles: [Role.CASE_OFFICER] });
const bureau = principal(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY);

function harness(debounceMs = 40) {
  let listener: (() => void) | null = null;
  const computed: string[] = [];
  let version = 0;
  const pushes = new DashboardPushes(
    async (p) => {
      computed.push(p.subject);
      return { scope: String(p.orgId), openPetitions: version } as DashboardType;
    },
    createLogger("silent"),
    debounceMs,
  );
  pushes.attach({ onEvent: (l) => ((listener = l), () => (listener = null)) });
  return { pushes, computed, emit: () => listener?.(), setVersion: (v: number) => (version = v), attached: () => listener !== null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("DashboardPushes", () => {
  it("gives each subscriber the figures at once, then one push per burst, computed once per scope", async () => {
    const h = harness();
    const a1 = h.pushes.subscribe(principal(7, undefined, undefined, "a1"));
    const a2 = h.pushes.subscribe(principal(7, undefined, undefined, "a2"));
    const b = h.pushes.subscribe(bureau);
    expect((await a1.next()).value.openPetitions).toBe(0);
    expect((await a2.next()).value.openPetitions).toBe(0);
    expect((await b.next()).value.openPetitions).toBe(0);
    expect(h.pushes.subscribers()).toEqual({ "org:7": 2, all: 1 });
    h.computed.length = 0;

    h.setVersion(5);
    for (let i = 0; i < 20; i++) h.emit(); // a burst of twenty commits
    const [x1, x2, y] = await Promise.all([a1.next(), a2.next(), b.next()]);
    expect([x1.value.openPetitions, x2.value.openPetitions, y.value.openPetitions]).toEqual([5, 5, 5]);
    // Two scopes, so two computations; org 7's with the principal of its first subscriber.
    expect(h.computed.sort()).toEqual(["a1", "u1"]);
    expect(h.pushes.computations).toBe(2);
  });

  it("a subscriber that does not take its pushes holds only the newest one", async () => {
    const h = harness(10);
    const s = h.pushes.subscribe(principal(3));
    await s.next();
    for (const v of [1, 2, 3]) {
      h.setVersion(v);
      h.emit();
      await sleep(40);
    }
    expect((await s.next()).value.openPetitions).toBe(3);
    // Nothing else is queued: the next take waits for a new change.
    const pending = s.next();
    const raced = await Promise.race([pending.then(() => "pushed"), sleep(60).then(() => "waiting")]);
    expect(raced).toBe("waiting");
    h.setVersion(4);
    h.emit();
    expect((await pending).value.openPetitions).toBe(4);
  });

  it("pushes nothing to a scope whose figures a change did not alter", async () => {
    const h = harness(10);
    const s = h.pushes.subscribe(principal(4));
    await s.next();
    h.emit(); // same figures (version 0): computed, not pushed
    await sleep(40);
    expect(h.pushes.computations).toBe(1);
    const pending = s.next();
    expect(await Promise.race([pending.then(() => "pushed"), sleep(40).then(() => "waiting")])).toBe("waiting");
    h.setVersion(1);
    h.emit();
    expect((await pending).value.openPetitions).toBe(1);
  });

  it("computes nothing when no one is subscribed, and forgets a scope whose last subscriber left", async () => {
    const h = harness(10);
    h.emit();
    await sleep(30);
    expect(h.pushes.computations).toBe(0);
    const s = h.pushes.subscribe(principal(9));
    await s.next();
    await s.return!();
    expect(h.pushes.subscribers()).toEqual({});
    h.emit();
    await sleep(30);
    expect(h.pushes.computations).toBe(0);
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it("stop ends every subscription and detaches from the feed", async () => {
    const h = harness(10);
    const s = h.pushes.subscribe(principal(2));
    await s.next();
    const waiting = s.next();
    h.pushes.stop();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(h.attached()).toBe(false);
  });
});
