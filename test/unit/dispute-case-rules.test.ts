import { caseKindOf, DisputeCaseKind, DisputeCaseState, isDisputeCaseOverdue, mayCloseDisputeCase } from "../../src/domain/early-warning/dispute-case-terms";
import { ConsultationDecision } from "../../src/domain/early-warning/ledger-terms";

describe("dispute case rules", () => {
  it.each([
    [ConsultationDecision.OPEN_MEDIATION_CASE, DisputeCaseKind.MEDIATION],
    [ConsultationDecision.OPEN_PRE_PETITION_CASE, DisputeCaseKind.PRE_PETITION],
    [ConsultationDecision.DISMISS, null],
    [ConsultationDecision.MONITOR, null],
    [ConsultationDecision.ESCALATE_TO_JOINT_MEETING, null],
  ])("%s opens %s", (decision, kind) => expect(caseKindOf(decision)).toBe(kind));

  it("an open case is overdue strictly after its due instant, a closed one never", () => {
    const due = new Date("2030-01-01T00:00:00.000Z");
    expect(isDisputeCaseOverdue(DisputeCaseState.OPEN, due, new Date("2030-01-01T00:00:00.000Z"))).toBe(false);
    expect(isDisputeCaseOverdue(DisputeCaseState.OPEN, due, new Date("2030-01-01T00:00:00.001Z"))).toBe(true);
    expect(isDisputeCaseOverdue(DisputeCaseState.RESOLVED, due, new Date("2031-01-01T00:00:00.000Z"))).toBe(false);
    expect(isDisputeCaseOverdue(DisputeCaseState.FAILED, due, new Date("2031-01-01T00:00:00.000Z"))).toBe(false);
  });

  it("only an open case may be closed", () => {
    expect([DisputeCaseState.OPEN, DisputeCaseState.RESOLVED, DisputeCaseState.FAILED].map(mayCloseDisputeCase)).toEqual([true, false, false]);
  });
});
