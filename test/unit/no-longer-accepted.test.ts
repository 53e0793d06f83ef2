import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { DEFAULT_CLOCK_POLICY, DeadlineKind as K } from "../../src/domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../../src/domain/deadlines/deadline-calculator";
import { PetitionSnapshot, transition } from "../../src/domain/lifecycle/transition";
import { Category, PetitionState as S } from "../../src/domain/petition-terms";

// ACCEPT on an item whose matter Art. 36 bars (the command sets noLongerAccepted from matter-bar.ts): the decision
// is NOT_ACCEPTED on the statute's basis, and it closes exactly what a non-acceptance closes.
const calc = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, new WorkCalendar());
const STARTED = new Date("2026-05-26T02:00:00Z");
const NOW = new Date("2026-06-01T02:00:00Z");
const open = (kind: K) => ({ kind, startedAt: STARTED, dueAt: new Date("2026-06-16T15:59:59.999Z") });

const assigned = (over: Partial<PetitionSnapshot> = {}): PetitionSnapshot => ({
  state: S.ASSIGNED,
  category: Category.APPEAL_REQUEST,
  extended: false,
  hearingReturnState: null,
  hearingStartedAt: null,
  openDeadlines: [open(K.ACCEPTANCE_NOTICE), open(K.OBJECTION_WINDOW), open(K.ASSIGNED_RESULT)],
  ...over,
});

describe("ACCEPT on a matter that is no longer accepted (Art. 36)", () => {
  it("records NOT_ACCEPTED with basis 第36条 不再受理, opens no handling clock, and closes the handler's clocks", () => {
    const r = transition(assigned({ noLongerAccepted: true }), { type: "ACCEPT" }, NOW, calc);
    expect(r.from).toBe(S.ASSIGNED);
    expect(r.to).toBe(S.NOT_ACCEPTED);
    expect(r.legalBasis).toBe("信访工作条例 第36条 不再受理");
    expect(r.open).toEqual([]);
    expect(r.close).toEqual([
      { kind: K.ACCEPTANCE_NOTICE, outcome: "MET" },
      { kind: K.OBJECTION_WINDOW, outcome: "CANCELLED" },
      { kind: K.ASSIGNED_RESULT, outcome: "CANCELLED" },
    ]);
    expect(r.events[0]).toEqual({ type: "petition.transitioned", data: { event: "ACCEPT", from: S.ASSIGNED, to: S.NOT_ACCEPTED, at: NOW.toISOString() } });
  });

  it("without the flag (or with it false) ACCEPT accepts on Art. 23 and opens the handling clock", () => {
    for (const snap of [assigned(), assigned({ noLongerAccepted: false })]) {
      const r = transition(snap, { type: "ACCEPT" }, NOW, calc);
      expect(r.to).toBe(S.ACCEPTED);
      expect(r.legalBasis).toBe("信访工作条例 第23条 受理告知");
      expect(r.open.map((d) => d.kind)).toEqual([K.HANDLING]);
    }
  });

  it("the flag does not make ACCEPT legal from a state it is not legal from", () => {
    expect(() => transition(assigned({ state: S.IN_HANDLING, noLongerAccepted: true }), { type: "ACCEPT" }, NOW, calc)).toThrow(expect.objectContaining({ code: "INVALID_TRANSITION" }));
  });
});
