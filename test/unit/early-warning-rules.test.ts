import { alertState, AlertState, mayAcknowledge, mayClose } from "../../src/domain/alerts/alert-terms";
import { canSeeAlert } from "../../src/domain/alerts/alert-visibility";
import { Principal } from "../../src/domain/access/principal";
import { ackDueAt, consultationAlertSeverity, consultationDueAt, consultationEffect, isConsultationOverdue, mayConsult } from "../../src/domain/early-warning/consultation-rules";
import { ConsultationDecision as D, LedgerEntryState as S, RiskGrade as G } from "../../src/domain/early-warning/ledger-terms";
import { canSeeLedgerEntry } from "../../src/domain/early-warning/ledger-visibility";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";

// Values worked out by hand: 3 days of 24 hours after 2026-12-01 09:30 UTC is 2026-12-04 09:30 UTC.
describe("consultation deadline", () => {
  it("falls the configured days after filing", () => {
    expect(consultationDueAt(new Date("2026-12-01T09:30:00.000Z"), 3).toISOString()).toBe("2026-12-04T09:30:00.000Z");
    expect(consultationDueAt(new Date("2026-12-30T23:00:00.000Z"), 2).toISOString()).toBe("2027-01-01T23:00:00.000Z");
    expect(ackDueAt(new Date("2026-12-01T09:30:00.000Z"), 24).toISOString()).toBe("2026-12-02T09:30:00.000Z");
  });

  it("is overdue only after the due instant and only while awaiting consultation", () => {
    const due = new Date("2026-12-04T09:30:00.000Z");
    expect(isConsultationOverdue(S.AWAITING_CONSULTATION, due, new Date("2026-12-04T09:30:00.000Z"))).toBe(false);
    expect(isConsultationOverdue(S.AWAITING_CONSULTATION, due, new Date("2026-12-04T09:30:00.001Z"))).toBe(true);
    expect(isConsultationOverdue(S.MONITORING, due, new Date("2026-12-05T00:00:00.000Z"))).toBe(false);
  });
});

describe("consultation effects", () => {
  it.each([
    [D.DISMISS, G.LOW, S.DISMISSED, []],
    [D.MONITOR, G.MEDIUM, S.MONITORING, []],
    [D.OPEN_MEDIATION_CASE, G.LOW, S.MEDIATION_OPENED, []],
    [D.OPEN_PRE_PETITION_CASE, G.MEDIUM, S.PRE_PETITION_OPENED, []],
    [D.ESCALATE_TO_JOINT_MEETING, G.MEDIUM, S.ESCALATED, ["LEDGER_ESCALATED"]],
    [D.MONITOR, G.HIGH, S.MONITORING, ["LEDGER_HIGH_RISK"]],
    [D.ESCALATE_TO_JOINT_MEETING, G.MAJOR, S.ESCALATED, ["LEDGER_ESCALATED", "LEDGER_HIGH_RISK"]],
  ])("%s graded %s → %s, alerts %j", (decision, grade, state, alerts) => {
    expect(consultationEffect(decision, grade, G.HIGH)).toEqual(expect.objectContaining({ state, alerts }));
  });

  it("uses the configured alert grade", () => {
    expect(consultationEffect(D.MONITOR, G.MEDIUM, G.MEDIUM).alerts).toEqual(["LEDGER_HIGH_RISK"]);
    expect(consultationEffect(D.MONITOR, G.HIGH, G.MAJOR).alerts).toEqual([]);
  });

  it("makes an escalation or a MAJOR grade critical, any other alert a warning", () => {
    expect(consultationAlertSeverity("LEDGER_ESCALATED", G.LOW)).toBe("CRITICAL");
    expect(consultationAlertSeverity("LEDGER_HIGH_RISK", G.MAJOR)).toBe("CRITICAL");
    expect(consultationAlertSeverity("LEDGER_HIGH_RISK", G.HIGH)).toBe("WARNING");
  });

  it("allows a consultation on a new or monitored entry only", () => {
    expect(Object.values(S).filter(mayConsult)).toEqual([S.AWAITING_CONSULTATION, S.MONITORING]);
  });
});

const who = (orgKind: OrgKind, orgLevel: OrgLevel, orgId: number): Principal => ({ subject: "u", orgId, orgCode: "X", orgKind, orgLevel, orgPath: [orgId], roles: [Role.CASE_OFFICER] });

describe("who sees a ledger entry and an alert", () => {
  const bureau = who(OrgKind.PETITION_BUREAU, OrgLevel.CITY, 1);
  const county = who(OrgKind.PETITION_OFFICE, OrgLevel.COUNTY, 5);
  const agency = who(OrgKind.PARTNER_AGENCY, OrgLevel.CITY, 5);
  it("the bureau all, a county its own locality, an agency nothing", () => {
    expect(canSeeLedgerEntry(bureau, [6, 1])).toBe(true);
    expect(canSeeLedgerEntry(county, [5, 1])).toBe(true);
    expect(canSeeLedgerEntry(county, [6, 1])).toBe(false);
    expect(canSeeLedgerEntry(agency, [5, 1])).toBe(false);
    expect(canSeeAlert(bureau, { ownerOrgId: 6 })).toBe(true);
    expect(canSeeAlert(county, { ownerOrgId: 5 })).toBe(true);
    expect(canSeeAlert(county, { ownerOrgId: 6 })).toBe(false);
  });
});

describe("alert states", () => {
  const t = new Date("2026-12-01T00:00:00Z");
  it("open → acknowledged → closed", () => {
    expect(alertState({ acknowledgedAt: null, closedAt: null })).toBe(AlertState.OPEN);
    expect(alertState({ acknowledgedAt: t, closedAt: null })).toBe(AlertState.ACKNOWLEDGED);
    expect(alertState({ acknowledgedAt: t, closedAt: t })).toBe(AlertState.CLOSED);
    expect([mayAcknowledge(AlertState.OPEN), mayAcknowledge(AlertState.ACKNOWLEDGED), mayClose(AlertState.OPEN), mayClose(AlertState.CLOSED)]).toEqual([true, false, true, false]);
  });
});
