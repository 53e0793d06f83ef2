import { Role } from "../../src/domain/petition-terms";
import { OutboxEntity } from "../../src/db/entities";
import { startTestHub, TestHub } from "../factories/test-hub";

// 最多访一次 / 首接首办 through HTTP: the first receiving unit on the matter, repeat-visit alerts to it and its
// supervisor, reassignment only with a higher level's approval, and the one-visit rate on hand-counted fixtures.
// Every item has its own random request, so no suggestion or link from another test can reach it.

let t: TestHub;
const ids: Record<string, string> = {};
let bureau: string;
let bureauLeader: string;
let grx: string;
let grx2: string;
let ljx: string;
let klq: string;
let partner: string;
let auditor: string;

beforeAll(async () => {
  t = await startTestHub();
  for (const code of ["GRX_XFJ", "LJX_XFJ", "KLQ_XFJ", "DY_XFJ", "DY_ZJJ"]) ids[code] = String((await t.org(code)).id);
  bureau = await t.token("DY_XFJ", [Role.REGISTRAR, Role.CASE_OFFICER], "visit-bureau-officer");
  bureauLeader = await t.token("DY_XFJ", [Role.LEADER], "visit-bureau-leader");
  grx = await t.token("GRX_XFJ", [Role.REGISTRAR, Role.CASE_OFFICER], "visit-grx-officer");
  grx2 = await t.token("GRX_XFJ", [Role.LEADER], "visit-grx-leader");
  ljx = await t.token("LJX_XFJ", [Role.CASE_OFFICER], "visit-ljx-officer");
  klq = await t.token("KLQ_XFJ", [Role.REGISTRAR, Role.CASE_OFFICER], "visit-klq-officer");
  partner = await t.token("DY_CL", [Role.HANDLER], "visit-partner");
  auditor = await t.token("DY_XFJ", [Role.AUDITOR], "visit-auditor");
});
afterAll(() => t?.stop());

async function ok<T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await t.gql<T>(token, query, variables);
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
}
const codeOf = async (token: string, query: string, variables: Record<string, unknown> = {}) => (await t.gql(token, query, variables)).errors?.[0]?.extensions?.code;

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");

async function submit(token: string, p: { channel: string; locality: string; receivedAt?: string; accused?: string }): Promise<string> {
  const r = await ok<{ submitPetition: { id: string } }>(token, `mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) { id } }`, {
    i: { channel: p.channel, category: p.accused ? "ACCUSATION" : "APPEAL_REQUEST", ...(p.accused ? { accusedOrgId: ids[p.accused] } : {}), localityOrgId: ids[p.locality], summary: `征地补偿款未到位 ${digits(6)}`, request: `请求补发征地补偿款，编号${digits(8)}`, petitioners: [{ name: "孙某" }], ...(p.receivedAt ? { receivedAt: p.receivedAt } : {}) },
  });
  return r.submitPetition.id;
}
const link = (token: string, petitionId: string, toPetitionId: string) => ok(token, `mutation { linkPetitionToMatter(petitionId: "${petitionId}", toPetitionId: "${toPetitionId}", reason: "同一事项，信访人再次来访") { id } }`);
const unlink = (token: string, petitionId: string) => ok(token, `mutation { unlinkPetitionFromMatter(petitionId: "${petitionId}", reason: "核实后非同一事项") { id } }`);

type Alert = { id: string; kind: string; severity: string; ownerOrgId: string; subjectId: string; state: string; requiredActions: string[]; message: string };
const repeatAlertsAbout = async (subjectId: string) =>
  (await ok<{ alerts: Alert[] }>(bureau, `{ alerts(first: 200) { id kind severity ownerOrgId subjectId state requiredActions message } }`)).alerts.filter((a) => a.kind === "REPEAT_VISIT" && a.subjectId === subjectId);
const ownerOf = async (token: string, petitionId: string) => (await ok<{ matter: { firstReceivingUnit: { code: string } } }>(token, `{ matter(petitionId: "${petitionId}") { firstReceivingUnit { code } } }`)).matter.firstReceivingUnit.code;
const events = async (type: string, aggregateId: string) => t.hub.deps.db.getRepository(OutboxEntity).countBy({ type, aggregateId });

describe("the first receiving unit (首接首办)", () => {
  it("is the unit that registered the matter's first item, shown on the matter", async () => {
    const first = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    expect(await ownerOf(grx, first)).toBe("GRX_XFJ");
    // A later item registered by the city bureau and linked there keeps the county as the owner.
    const later = await submit(bureau, { channel: "LETTER", locality: "GRX_XFJ" });
    expect(await ownerOf(bureau, later)).toBe("DY_XFJ");
    await link(bureau, later, first);
    expect(await ownerOf(bureau, later)).toBe("GRX_XFJ");
    // On the item: its own receiving unit, and the owner of its matter.
    const onItem = await ok<{ petitions: { nodes: { id: string; registeringUnit: { code: string }; matterFirstReceivingUnit: { code: string } }[] } }>(
      bureau,
      `{ petitions(first: 100) { nodes { id registeringUnit { code } matterFirstReceivingUnit { code } } } }`,
    );
    expect(onItem.petitions.nodes.filter((n) => n.id === first || n.id === later).sort((a, b) => Number(a.id) - Number(b.id))).toEqual([
      { id: first, registeringUnit: { code: "GRX_XFJ" }, matterFirstReceivingUnit: { code: "GRX_XFJ" } },
      { id: later, registeringUnit: { code: "DY_XFJ" }, matterFirstReceivingUnit: { code: "GRX_XFJ" } },
    ]);
    // Another county cannot see the item, so not its matter either.
    expect(await codeOf(ljx, `{ matter(petitionId: "${first}") { id } }`)).toBe("NOT_FOUND");
  });

  it("sees every item of its matter while it is on the matter, and only then", async () => {
    const first = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    // Registered by the city bureau for 利津: 广饶 has no reason of its own to see it.
    const elsewhere = await submit(bureau, { channel: "LETTER", locality: "LJX_XFJ" });
    const sees = async (token: string, id: string) => (await ok<{ petition: { id: string } | null }>(token, `{ petition(id: "${id}") { id } }`)).petition !== null;
    expect(await sees(grx, elsewhere)).toBe(false);
    await link(bureau, elsewhere, first);
    expect(await sees(grx, elsewhere)).toBe(true);
    await unlink(bureau, elsewhere);
    expect(await sees(grx, elsewhere)).toBe(false);
    expect(await sees(ljx, elsewhere)).toBe(true); // its locality still does
  });
});

describe("a second in-person visit on a matter", () => {
  it("alerts the first receiving unit and its supervisor once, with required actions and a visit.repeat event", async () => {
    const first = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    const second = await submit(bureau, { channel: "VISIT", locality: "GRX_XFJ" });
    expect(await repeatAlertsAbout(first)).toEqual([]);
    expect(await repeatAlertsAbout(second)).toEqual([]); // on its own matter it is a first visit

    await link(bureau, second, first);
    const alerts = await repeatAlertsAbout(second);
    expect(alerts.map((a) => a.ownerOrgId).sort()).toEqual([ids.GRX_XFJ, ids.DY_XFJ].sort());
    for (const a of alerts) expect(a).toEqual(expect.objectContaining({ severity: "WARNING", state: "OPEN", requiredActions: expect.arrayContaining(["首接单位负责人当面接谈，核实前次来访办理情况"]) }));
    expect(alerts.every((a) => !a.message.includes("孙某"))).toBe(true); // no personal data in the alert
    // The county sees its own alert among its alerts (and so on its command screen).
    const mine = (await ok<{ alerts: Alert[] }>(grx, `{ alerts(first: 200) { id kind subjectId ownerOrgId } }`)).alerts.filter((a) => a.subjectId === second);
    expect(mine.map((a) => a.ownerOrgId)).toEqual([ids.GRX_XFJ]);
    expect(await repeatAlertsAbout(first)).toEqual([]); // the first visit itself never alerts
    expect(await events("visit.repeat", second)).toBe(1);

    // Unlinking and relinking, or linking again, raises nothing more.
    await unlink(bureau, second);
    await link(bureau, second, first);
    await link(bureau, second, first);
    expect(await repeatAlertsAbout(second)).toHaveLength(2);
    expect(await events("visit.repeat", second)).toBe(1);
  });

  it("does not alert for an item that is not an in-person visit", async () => {
    const first = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    const letter = await submit(grx, { channel: "LETTER", locality: "GRX_XFJ" });
    const phone = await submit(grx, { channel: "TELEPHONE", locality: "GRX_XFJ" });
    await link(grx, letter, first);
    await link(grx, phone, first);
    expect([...(await repeatAlertsAbout(first)), ...(await repeatAlertsAbout(letter)), ...(await repeatAlertsAbout(phone))]).toEqual([]);
  });

  it("never tells the accused unit of an accusation's repeat visit (Art. 30): only its supervisor is alerted", async () => {
    const first = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    const accusation = await submit(bureau, { channel: "VISIT", locality: "GRX_XFJ", accused: "GRX_XFJ" });
    await link(bureau, accusation, first);
    expect((await repeatAlertsAbout(accusation)).map((a) => a.ownerOrgId)).toEqual([ids.DY_XFJ]);
    expect((await ok<{ alerts: Alert[] }>(grx, `{ alerts(first: 200) { id subjectId } }`)).alerts.filter((a) => a.subjectId === accusation)).toEqual([]);
    expect((await ok<{ petition: { id: string } | null }>(grx, `{ petition(id: "${accusation}") { id } }`)).petition).toBeNull();
    expect(await events("visit.repeat", accusation)).toBe(1);
    // Nor may the matter be handed to the accused unit.
    const other = await submit(bureau, { channel: "VISIT", locality: "LJX_XFJ" });
    const accusesLjx = await submit(bureau, { channel: "LETTER", locality: "LJX_XFJ", accused: "LJX_XFJ" });
    await link(bureau, accusesLjx, other);
    expect(await codeOf(bureau, `mutation { requestMatterReassignment(petitionId: "${other}", toOrgId: "${ids.LJX_XFJ}", reason: "交利津") { id } }`)).toBe("BAD_USER_INPUT");
  });

  it("alerts about the later visit when an earlier visit is linked into the later one's matter", async () => {
    const earlier = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ", receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
    const later = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    await link(grx, earlier, later);
    expect(await repeatAlertsAbout(earlier)).toEqual([]);
    expect((await repeatAlertsAbout(later)).map((a) => a.ownerOrgId).sort()).toEqual([ids.GRX_XFJ, ids.DY_XFJ].sort());
  });
});

describe("reassigning the first receiving unit", () => {
  const REQUEST = `mutation($p: ID!, $to: ID!, $r: String!) { requestMatterReassignment(petitionId: $p, toOrgId: $to, reason: $r) { id state fromOrgId toOrgId requestedBy } }`;
  const approve = (id: string) => `mutation { approveMatterReassignment(id: "${id}", note: "同意，由利津县信访局负责到底") { id state decidedBy decidedByOrgId } }`;
  const refuse = (id: string) => `mutation { refuseMatterReassignment(id: "${id}", note: "不同意，首接单位继续办理") { id state } }`;

  it("is refused without a higher level's approval, and moves the owner once the city bureau approves (audited)", async () => {
    const item = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    expect(await codeOf(ljx, `{ matter(petitionId: "${item}") { id } }`)).toBe("NOT_FOUND");
    const asked = (await ok<{ requestMatterReassignment: { id: string; state: string; fromOrgId: string; toOrgId: string } }>(grx, REQUEST, { p: item, to: ids.LJX_XFJ, r: "信访人户籍及争议地均在利津县" })).requestMatterReassignment;
    expect(asked).toEqual(expect.objectContaining({ state: "PENDING", fromOrgId: ids.GRX_XFJ, toOrgId: ids.LJX_XFJ }));
    expect(await ownerOf(grx, item)).toBe("GRX_XFJ"); // a request moves nothing
    expect(await events("matter.reassignmentRequested", (await ok<{ matter: { id: string } }>(grx, `{ matter(petitionId: "${item}") { id } }`)).matter.id)).toBe(1);

    // Only one open request per matter.
    expect(await codeOf(grx, REQUEST, { p: item, to: ids.KLQ_XFJ, r: "另一请求" })).toBe("REASSIGNMENT_PENDING");
    // The requester, the owning county (another person there), and the target county cannot approve.
    expect(await codeOf(grx, approve(asked.id))).toBe("HIGHER_APPROVAL_REQUIRED");
    expect(await codeOf(grx2, approve(asked.id))).toBe("HIGHER_APPROVAL_REQUIRED");
    expect(await codeOf(ljx, approve(asked.id))).toBe("HIGHER_APPROVAL_REQUIRED");
    // A county it does not concern does not see it; a partner agency may do neither.
    expect(await codeOf(klq, approve(asked.id))).toBe("NOT_FOUND");
    expect(await codeOf(partner, approve(asked.id))).toBe("FORBIDDEN");
    expect(await codeOf(partner, REQUEST, { p: item, to: ids.LJX_XFJ, r: "代为申请" })).toBe("FORBIDDEN");
    expect(await ownerOf(grx, item)).toBe("GRX_XFJ");

    const done = (await ok<{ approveMatterReassignment: { state: string; decidedBy: string; decidedByOrgId: string } }>(bureauLeader, approve(asked.id))).approveMatterReassignment;
    expect(done).toEqual({ id: asked.id, state: "APPROVED", decidedBy: "visit-bureau-leader", decidedByOrgId: ids.DY_XFJ });
    expect(await ownerOf(bureau, item)).toBe("LJX_XFJ");
    expect(await ownerOf(ljx, item)).toBe("LJX_XFJ"); // the new owner now sees the matter's items
    expect(await codeOf(bureauLeader, approve(asked.id))).toBe("INVALID_TRANSITION");

    const matter = (await ok<{ matter: { id: string; reassignments: { state: string; reason: string; requestedBy: string; decisionNote: string }[] } }>(grx, `{ matter(petitionId: "${item}") { id reassignments { state reason requestedBy decisionNote } } }`)).matter;
    expect(matter.reassignments).toEqual([{ state: "APPROVED", reason: "信访人户籍及争议地均在利津县", requestedBy: "visit-grx-officer", decisionNote: "同意，由利津县信访局负责到底" }]);
    expect(await events("matter.reassignmentApproved", matter.id)).toBe(1);
    const audit = (await ok<{ auditTrail: { nodes: { action: string; outcome: string; actorSubject: string }[] } }>(auditor, `{ auditTrail(first: 500) { nodes { action outcome actorSubject } } }`)).auditTrail.nodes;
    expect(audit).toEqual(expect.arrayContaining([
      expect.objectContaining({ action: "Mutation.requestMatterReassignment", outcome: "OK", actorSubject: "visit-grx-officer" }),
      expect.objectContaining({ action: "Mutation.approveMatterReassignment", outcome: "HIGHER_APPROVAL_REQUIRED", actorSubject: "visit-grx-officer" }),
      expect.objectContaining({ action: "Mutation.approveMatterReassignment", outcome: "OK", actorSubject: "visit-bureau-leader" }),
    ]));
  });

  it("is refused by the owner's supervisor and leaves the owner; a non-petition department cannot own", async () => {
    const item = await submit(grx, { channel: "VISIT", locality: "GRX_XFJ" });
    expect(await codeOf(grx, REQUEST, { p: item, to: ids.DY_ZJJ, r: "交住建局" })).toBe("BAD_USER_INPUT");
    expect(await codeOf(grx, REQUEST, { p: item, to: ids.LJX_XFJ, r: "   " })).toBe("BAD_USER_INPUT");
    const asked = (await ok<{ requestMatterReassignment: { id: string } }>(grx, REQUEST, { p: item, to: ids.LJX_XFJ, r: "争议地在利津" })).requestMatterReassignment;
    expect((await ok<{ refuseMatterReassignment: { state: string } }>(bureau, refuse(asked.id))).refuseMatterReassignment.state).toBe("REFUSED");
    expect(await ownerOf(grx, item)).toBe("GRX_XFJ");
    expect(await codeOf(bureau, approve(asked.id))).toBe("INVALID_TRANSITION");
  });
});

describe("the one-visit resolution rate (一次性化解率)", () => {
  // Period: June 2026 in Beijing time = [2026-05-31T16:00Z, 2026-06-30T16:00Z).
  const FROM = "2026-05-31T16:00:00.000Z";
  const TO = "2026-06-30T16:00:00.000Z";
  const setState = (id: string, state: string) => t.hub.deps.db.query(`UPDATE petition SET state = ? WHERE id = ?`, [state, Number(id)]);
  const rate = async (token: string, locality?: string) =>
    (await ok<{ oneVisitRate: { resolvedFirstItems: number; withoutRepeatVisit: number; rate: number | null } }>(token, `query($f: DateTimeISO!, $t: DateTimeISO!, $l: ID) { oneVisitRate(from: $f, to: $t, localityOrgId: $l) { resolvedFirstItems withoutRepeatVisit rate } }`, { f: FROM, t: TO, l: locality ?? null })).oneVisitRate;

  it("counts resolved first items of the period and those without another visit, by hand", async () => {
    expect(await rate(bureau, ids.KLQ_XFJ)).toEqual({ resolvedFirstItems: 0, withoutRepeatVisit: 0, rate: null });
    // F1 垦利, visit, answered, no other item: counted, one visit.
    const f1 = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: "2026-06-05T02:00:00.000Z" });
    await setState(f1, "ANSWERED");
    // F2 垦利, visit, answered, then a second visit linked: counted, not one visit.
    const f2 = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: "2026-06-10T02:00:00.000Z" });
    const f2b = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: "2026-06-20T02:00:00.000Z" });
    await link(bureau, f2b, f2);
    await setState(f2, "ANSWERED");
    // F3 垦利, letter, terminated, a later letter linked: counted, one visit (no in-person visit followed).
    const f3 = await submit(bureau, { channel: "LETTER", locality: "KLQ_XFJ", receivedAt: "2026-06-12T02:00:00.000Z" });
    const f3b = await submit(bureau, { channel: "LETTER", locality: "KLQ_XFJ", receivedAt: "2026-06-22T02:00:00.000Z" });
    await link(bureau, f3b, f3);
    await setState(f3, "TERMINATED");
    // F4 垦利, visit, still being handled: not resolved, not counted.
    const f4 = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: "2026-06-15T02:00:00.000Z" });
    await setState(f4, "IN_HANDLING");
    // F5 垦利, one millisecond before the period (23:59:59.999 on 31 May, Beijing): not counted.
    const f5 = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: "2026-05-31T15:59:59.999Z" });
    await setState(f5, "ANSWERED");
    // F6 垦利, at the first instant of the period, mediated: counted, one visit.
    const f6 = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: FROM });
    await setState(f6, "MEDIATED");
    // F7 利津, visit, answered: counted only without the locality filter.
    const f7 = await submit(bureau, { channel: "VISIT", locality: "LJX_XFJ", receivedAt: "2026-06-25T02:00:00.000Z" });
    await setState(f7, "ANSWERED");
    // F8 垦利: the matter's first item is an April letter, so the June visit linked to it (answered) is no first item.
    const f8a = await submit(bureau, { channel: "LETTER", locality: "KLQ_XFJ", receivedAt: "2026-04-01T02:00:00.000Z" });
    const f8b = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: "2026-06-08T02:00:00.000Z" });
    await link(bureau, f8b, f8a);
    await setState(f8b, "ANSWERED");
    // F9 垦利: not accepted (Art. 36 or otherwise) is not resolved.
    const f9 = await submit(bureau, { channel: "VISIT", locality: "KLQ_XFJ", receivedAt: "2026-06-18T02:00:00.000Z" });
    await setState(f9, "NOT_ACCEPTED");

    // 垦利: F1, F2, F3, F6 resolved; F1, F3, F6 without another visit → 3 / 4.
    expect(await rate(bureau, ids.KLQ_XFJ)).toEqual({ resolvedFirstItems: 4, withoutRepeatVisit: 3, rate: 0.75 });
    // The whole city adds F7 → 4 / 5.
    expect(await rate(bureau)).toEqual({ resolvedFirstItems: 5, withoutRepeatVisit: 4, rate: 0.8 });
    // 垦利's own office sees its locality only (F7 is 利津's) → 3 / 4 without a filter too.
    expect(await rate(klq)).toEqual({ resolvedFirstItems: 4, withoutRepeatVisit: 3, rate: 0.75 });
    // A partner agency does not read the indicator.
    expect(await codeOf(partner, `{ oneVisitRate(from: "${FROM}", to: "${TO}") { rate } }`)).toBe("FORBIDDEN");
    expect(await codeOf(bureau, `{ oneVisitRate(from: "${TO}", to: "${FROM}") { rate } }`)).toBe("BAD_USER_INPUT");
  });
});
