import { AccidentClosureRefusedError } from "../../src/domain/accidents/accident-errors";
import { closureRefusal, dutyDueAt, dutyOverdueSeverity, hoursLeft, isDutyOverdue } from "../../src/domain/accidents/accident-rules";
import { AccidentCaseState, AccidentDutyKind, AccidentKind, DEFAULT_ACCIDENT_SETTINGS } from "../../src/domain/accidents/accident-terms";
import { canSeeAccidentCase } from "../../src/domain/accidents/accident-visibility";
import { Principal } from "../../src/domain/access/principal";
import { AlertSeverity } from "../../src/domain/alerts/alert-terms";
import { OrgKind, OrgLevel, Role } from "../../src/domain/petition-terms";

// Accident case rules against hand-worked values.
describe("duty due times (elapsed hours from opening)", () => {
  const opened = new Date("2026-03-02T10:00:00+08:00");
  it.each([
    [AccidentDutyKind.WORKING_TEAM, "2026-03-02T12:00:00+08:00"],
    [AccidentDutyKind.OPINION_WATCH, "2026-03-02T14:00:00+08:00"],
    [AccidentDutyKind.RISK_CONSULTATION, "2026-03-02T16:00:00+08:00"],
  ])("%s opened 10:00 is due %s", (kind, due) => {
    expect(dutyDueAt(kind, opened, DEFAULT_ACCIDENT_SETTINGS).toISOString()).toBe(new Date(due).toISOString());
  });

  it("crosses midnight and weekends without any day-counting rule", () => {
    // Saturday 2026-03-07 23:30 +08:00: team due Sunday 01:30, consultation Sunday 05:30.
    const sat = new Date("2026-03-07T23:30:00+08:00");
    expect(dutyDueAt(AccidentDutyKind.WORKING_TEAM, sat, DEFAULT_ACCIDENT_SETTINGS).toISOString()).toBe("2026-03-07T17:30:00.000Z");
    expect(dutyDueAt(AccidentDutyKind.RISK_CONSULTATION, sat, DEFAULT_ACCIDENT_SETTINGS).toISOString()).toBe("2026-03-07T21:30:00.000Z");
    expect(dutyDueAt(AccidentDutyKind.WORKING_TEAM, sat, { ...DEFAULT_ACCIDENT_SETTINGS, teamHours: 1.5 }).toISOString()).toBe("2026-03-07T17:00:00.000Z");
  });
});

describe("overdue", () => {
  const dueAt = new Date("2026-03-02T04:00:00.000Z");
  it("is strictly after the due instant, and only while not done", () => {
    expect(isDutyOverdue({ doneAt: null, dueAt }, new Date("2026-03-02T04:00:00.000Z"))).toBe(false);
    expect(isDutyOverdue({ doneAt: null, dueAt }, new Date("2026-03-02T04:00:00.001Z"))).toBe(true);
    expect(isDutyOverdue({ doneAt: new Date("2026-03-02T03:00:00Z"), dueAt }, new Date("2026-03-02T05:00:00Z"))).toBe(false);
  });
  it("is critical for a death, a warning for injuries", () => {
    expect(dutyOverdueSeverity(AccidentKind.DEATH)).toBe(AlertSeverity.CRITICAL);
    expect(dutyOverdueSeverity(AccidentKind.INJURY)).toBe(AlertSeverity.WARNING);
  });
  it("hours left round down, negative once late", () => {
    expect(hoursLeft(dueAt, new Date("2026-03-02T02:30:00Z"))).toBe(1);
    expect(hoursLeft(dueAt, new Date("2026-03-02T04:30:00Z"))).toBe(-1);
  });
});

describe("closure", () => {
  it.each([
    [AccidentCaseState.OPEN, 0, true, false, null],
    [AccidentCaseState.OPEN, 0, false, true, null],
    [AccidentCaseState.OPEN, 0, false, false, "CLOSURE_BASIS_REQUIRED"],
    [AccidentCaseState.OPEN, 0, true, true, "CLOSURE_BASIS_REQUIRED"],
    [AccidentCaseState.OPEN, 1, true, false, "DUTIES_OUTSTANDING"],
    [AccidentCaseState.OPEN, 3, false, false, "DUTIES_OUTSTANDING"],
    [AccidentCaseState.CLOSED, 0, true, false, "CASE_CLOSED"],
  ])("state %s, %i open duties, agreement %s, legal route %s → %s", (state, open, agreement, legalRoute, want) => {
    expect(closureRefusal(state, open, { agreement, legalRoute })).toBe(want);
  });
});

describe("who sees a case", () => {
  const p = (orgId: number, orgKind: OrgKind, orgLevel: OrgLevel): Principal => ({ subject: "u", orgId, orgCode: "X", orgKind, orgLevel, orgPath: [orgId], roles: [Role.CASE_OFFICER] });
  it("the city bureau all, a petition office its own locality, nobody else", () => {
    expect(canSeeAccidentCase(p(1, OrgKind.PETITION_BUREAU, OrgLevel.CITY), [5, 1])).toBe(true);
    expect(canSeeAccidentCase(p(5, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY), [5, 1])).toBe(true);
    expect(canSeeAccidentCase(p(6, OrgKind.PETITION_OFFICE, OrgLevel.COUNTY), [5, 1])).toBe(false);
    expect(canSeeAccidentCase(p(5, OrgKind.PARTNER_AGENCY, OrgLevel.CITY), [5, 1])).toBe(false);
  });
});

describe("closure refusals as errors", () => {
  it("carry the reason as their stable code; an already closed case is INVALID_TRANSITION", () => {
    expect(new AccidentClosureRefusedError("DUTIES_OUTSTANDING", { openDuties: 2 })).toMatchObject({ code: "DUTIES_OUTSTANDING", details: { reason: "DUTIES_OUTSTANDING", openDuties: 2 } });
    expect(new AccidentClosureRefusedError("CLOSURE_BASIS_REQUIRED").code).toBe("CLOSURE_BASIS_REQUIRED");
    expect(new AccidentClosureRefusedError("CASE_CLOSED").code).toBe("INVALID_TRANSITION");
  });
});
