import { inTransaction } from "../../src/commands/command-context";
import { raiseAlert } from "../../src/commands/raise-alert";
import { sweepAlertAcks } from "../../src/commands/sweep-alert-acks";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../../src/domain/alerts/alert-terms";
import { Role } from "../../src/domain/petition-terms";
import { startTestHub, TestHub } from "../factories/test-hub";

// An alert nobody signs for by its acknowledgement deadline goes one level up, once, one step more severe; the chain
// ends at the city bureau.
let t: TestHub;
const ids: Record<string, number> = {};
// Raised 2030-03-02 09:00 Beijing time; with ALERT_ACK_HOURS 24 it must be signed for by 2030-03-03 09:00 (01:00Z).
// In the future on purpose: the hub's own sweep, on the real clock, must not find these overdue before the test's.
const RAISED = new Date("2030-03-02T01:00:00Z");
const DUE = new Date("2030-03-03T01:00:00Z");
let seq = 0;

const raise = (owner: string, severity = AlertSeverity.WARNING) =>
  inTransaction(t.hub.deps, async (em) =>
    (await raiseAlert(
      em,
      { dedupeKey: `ack-test:${++seq}`, kind: AlertKind.LEDGER_HIGH_RISK, severity, ownerOrgId: ids[owner], ownerPerson: null, subjectType: AlertSubjectType.LEDGER_ENTRY, subjectId: seq, message: "test", requiredActions: ["act"] },
      { actor: "rule:test", at: RAISED, ackHours: 24 },
    ))!,
  );
const escalationOf = async (alertId: number) => t.hub.deps.db.query("SELECT ownerOrgId, severity, kind, ackDueAt FROM alert WHERE subjectType = 'ALERT' AND subjectId = ?", [alertId]);

beforeAll(async () => {
  t = await startTestHub();
  for (const code of ["GRX_XFJ", "DY_XFJ"]) ids[code] = (await t.org(code)).id;
});
afterAll(() => t?.stop());

describe("alerts not signed for in time", () => {
  it("are escalated to the owner's supervisor 1 ms after the deadline, not at it, and only once", async () => {
    const a = await raise("GRX_XFJ");
    expect(a.ackDueAt.toISOString()).toBe(DUE.toISOString());
    await sweepAlertAcks(t.hub.deps, DUE);
    expect(await escalationOf(a.id)).toEqual([]);
    await sweepAlertAcks(t.hub.deps, new Date(DUE.getTime() + 1));
    const up = await escalationOf(a.id);
    expect(up.map((r: { ownerOrgId: number; severity: string; kind: string }) => [Number(r.ownerOrgId), r.severity, r.kind])).toEqual([[ids.DY_XFJ, "CRITICAL", "ALERT_ACK_OVERDUE"]]);
    await sweepAlertAcks(t.hub.deps, new Date(DUE.getTime() + 3_600_000));
    expect(await escalationOf(a.id)).toHaveLength(1);
    const events = await t.hub.deps.db.query("SELECT type FROM outbox WHERE aggregateType = 'alert' AND aggregateId = ? ORDER BY id", [String(a.id)]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(["alert.raised", "alert.ack-overdue"]);
    const seen = await t.gql<{ alerts: { id: string; ackOverdueAt: string | null }[] }>(await t.token("GRX_XFJ", [Role.CASE_OFFICER]), `{ alerts(first: 200) { id ackOverdueAt } }`);
    expect(seen.data!.alerts.find((x) => x.id === String(a.id))!.ackOverdueAt).toBe(new Date(DUE.getTime() + 1).toISOString());
  });

  it("are not escalated once signed for", async () => {
    const a = await raise("GRX_XFJ", AlertSeverity.NOTICE);
    const r = await t.gql(await t.token("GRX_XFJ", [Role.CASE_OFFICER]), `mutation { acknowledgeAlert(id: "${a.id}") { id } }`);
    expect(r.errors).toBeUndefined();
    await sweepAlertAcks(t.hub.deps, new Date(DUE.getTime() + 86_400_000));
    expect(await escalationOf(a.id)).toEqual([]);
  });

  it("owned by the city bureau are marked and published, and raise nothing further", async () => {
    const a = await raise("DY_XFJ");
    await sweepAlertAcks(t.hub.deps, new Date(DUE.getTime() + 1));
    expect(await escalationOf(a.id)).toEqual([]);
    const [row] = await t.hub.deps.db.query("SELECT ackOverdueAt FROM alert WHERE id = ?", [a.id]);
    expect(row.ackOverdueAt).not.toBeNull();
  });
});
