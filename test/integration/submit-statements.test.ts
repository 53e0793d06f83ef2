import { submitPetition } from "../../src/commands/submit-petition";
import { Channel, Category, Role, SpecialGroup } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// HUB_ROLE=api: no relay, so the outbox rows stay as the command wrote them.
let t: TestHub;
const statements: string[] = [];
beforeAll(async () => {
  t = await startTestHub({ HUB_ROLE: "api" }, undefined, { onQuery: (sql) => statements.push(sql) });
});
afterAll(() => t?.stop());

/** Statement kind and main table, e.g. "INSERT petition_access". */
const shape = (sql: string) => {
  const verb = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? "";
  const table = /\b(?:FROM|INTO|UPDATE)\s+[`"]?(\w+)[`"]?/i.exec(sql)?.[1] ?? "";
  return `${verb} ${table}`.trim();
};

describe("registering a petition with referrals", () => {
  it("writes each table once (one INSERT per referral, for its id), and every row and event it wrote before", async () => {
    const bureau = await t.org("DY_XFJ");
    const locality = await t.org("DYQ_XFJ");
    const principal = { subject: "t:registrar", orgId: bureau.id, orgCode: bureau.code, orgKind: bureau.kind, orgLevel: bureau.level, orgPath: [bureau.id], roles: [Role.REGISTRAR] };
    const input = {
      channel: Channel.LETTER, category: Category.APPEAL_REQUEST, localityOrgId: locality.id, summary: "残疾军人补助未发放", request: "要求答复",
      specialGroups: [SpecialGroup.DISABLED, SpecialGroup.VETERAN_MILITARY], petitioners: [{ name: "甲", phone: "13800001111", disabled: true, veteran: true }],
    };
    statements.length = 0;
    const p = await submitPetition(t.hub.deps, { principal, requestId: "req-1" }, input);
    const shapes = statements.map(shape).filter((s) => !/^(START|BEGIN|COMMIT|SAVEPOINT|RELEASE)/.test(s));
    expect(shapes).toEqual([
      "SELECT organization", // locality (and accused) for the check and for routing
      "INSERT matter",
      "INSERT petition", // already REGISTERED
      "UPDATE petition", // its number, once the id is known
      "INSERT petitioner",
      "INSERT petition_group",
      "INSERT deadline",
      "INSERT petition_transition",
      "SELECT organization", // the agencies the routing rules chose
      "INSERT referral",
      "INSERT referral",
      "INSERT referral_transition",
      "INSERT petition_access",
      "INSERT outbox",
    ]);

    const db = t.hub.deps.db;
    const [row] = (await db.query(`SELECT state, number, registeredAt, handlerOrgId FROM petition WHERE id = ?`, [p.id])) as { state: string; number: string; registeredAt: unknown; handlerOrgId: number | null }[];
    expect(row.state).toBe("REGISTERED");
    expect(row.number).toBe(p.number);
    expect(row.number).toMatch(new RegExp(`^XF\\d{8}-${String(p.id).padStart(6, "0")}$`));
    expect(row.registeredAt).not.toBeNull();
    const access = (await db.query(`SELECT o.code, a.reason FROM petition_access a JOIN organization o ON o.id = a.orgId WHERE a.petitionId = ?`, [p.id])) as { code: string; reason: string }[];
    expect(access.map((a) => `${a.code}:${a.reason}`).sort()).toEqual(["DYQ_XFJ:LOCALITY", "DY_CL:REFERRAL", "DY_TYJR:REFERRAL", "DY_XFJ:REGISTERING"].sort());
    const transitions = (await db.query(`SELECT event, fromState, toState, requestId FROM petition_transition WHERE petitionId = ?`, [p.id])) as { event: string; fromState: string; toState: string; requestId: string }[];
    expect(transitions).toEqual([{ event: "REGISTER", fromState: "RECEIVED", toState: "REGISTERED", requestId: "req-1" }]);
    const referrals = (await db.query(`SELECT id FROM referral WHERE petitionId = ? ORDER BY id`, [p.id])) as { id: number }[];
    expect(referrals).toHaveLength(2);
    const history = (await db.query(`SELECT referralId, event, toState FROM referral_transition WHERE referralId IN (?, ?) ORDER BY referralId`, referrals.map((r) => r.id))) as { referralId: number; event: string; toState: string }[];
    expect(history).toEqual(referrals.map((r) => ({ referralId: r.id, event: "CREATE", toState: "SENT" })));
    // The events in the order the command produced them: registration, the REGISTER move's, then two per referral.
    const events = (await db.query(`SELECT type, aggregateType, aggregateId FROM outbox WHERE (aggregateType = 'petition' AND aggregateId = ?) OR (aggregateType = 'referral' AND aggregateId IN (?, ?)) ORDER BY id`, [String(p.id), ...referrals.map((r) => String(r.id))])) as { type: string; aggregateType: string; aggregateId: string }[];
    const referralEvents = referrals.flatMap((r) => ["referral.created", "referral.delivery-requested"].map((type) => `${type}@referral:${r.id}`));
    expect(events.map((e) => `${e.type}@${e.aggregateType}:${e.aggregateId}`)).toEqual([
      `petition.received@petition:${p.id}`,
      ...events.filter((e) => e.aggregateType === "petition" && e.type !== "petition.received").map((e) => `${e.type}@petition:${p.id}`),
      ...referralEvents,
    ]);
    expect(events.filter((e) => e.aggregateType === "petition").length).toBeGreaterThan(1); // the REGISTER move has events of its own
  });

  it("refuses an unknown accused organisation and writes nothing", async () => {
    const bureau = await t.org("DY_XFJ");
    const locality = await t.org("DYQ_XFJ");
    const principal = { subject: "t:registrar", orgId: bureau.id, orgCode: bureau.code, orgKind: bureau.kind, orgLevel: bureau.level, orgPath: [bureau.id], roles: [Role.REGISTRAR] };
    const before = (await t.hub.deps.db.query(`SELECT COUNT(*) AS n FROM petition`)) as { n: number | string }[];
    await expect(
      submitPetition(t.hub.deps, { principal }, { channel: Channel.LETTER, category: Category.APPEAL_REQUEST, localityOrgId: locality.id, accusedOrgId: 999_999, summary: "s", request: "r", petitioners: [{ name: "甲" }] }),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    const after = (await t.hub.deps.db.query(`SELECT COUNT(*) AS n FROM petition`)) as { n: number | string }[];
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });
});
