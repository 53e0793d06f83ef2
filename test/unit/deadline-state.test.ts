import { closedState, overdueState } from "../../src/domain/deadlines/deadline-state";

// How a deadline ends: a breach or lapse stays on record; a duty fulfilled after its due instant is a breach, a
// window used after it a lapse; a paused clock (hearing time in 复核, Art. 36) is judged at the instant it paused.
const DUE = new Date("2026-12-03T15:59:59.999Z"); // end of Thu 3 Dec 2026, Beijing
const BEFORE = new Date("2026-12-02T02:00:00Z");
const LATE = new Date(DUE.getTime() + 1);

describe("closedState", () => {
  it("a breach or a lapse already recorded stays, whatever the outcome and time", () => {
    expect(closedState("BREACHED", "MET", DUE, BEFORE, "DUTY")).toBe("BREACHED");
    expect(closedState("BREACHED", "CANCELLED", DUE, BEFORE, "DUTY")).toBe("BREACHED");
    expect(closedState("LAPSED", "MET", DUE, BEFORE, "WINDOW")).toBe("LAPSED");
    expect(closedState("LAPSED", "CANCELLED", DUE, BEFORE, "WINDOW")).toBe("LAPSED");
  });

  it("a cancelled open or paused clock is CANCELLED, even after its due instant", () => {
    expect(closedState("OPEN", "CANCELLED", DUE, LATE, "DUTY")).toBe("CANCELLED");
    expect(closedState("PAUSED", "CANCELLED", DUE, LATE, "WINDOW", BEFORE)).toBe("CANCELLED");
  });

  it("met up to and including the due instant; one millisecond later a duty is breached and a window lapsed", () => {
    expect(closedState("OPEN", "MET", DUE, BEFORE, "DUTY")).toBe("MET");
    expect(closedState("OPEN", "MET", DUE, DUE, "DUTY")).toBe("MET");
    expect(closedState("OPEN", "MET", DUE, LATE, "DUTY")).toBe("BREACHED");
    expect(closedState("OPEN", "MET", DUE, LATE, "WINDOW")).toBe("LAPSED");
  });

  it("a paused clock is judged at the instant it paused, not at the closing time", () => {
    // Paused before the due instant, met (by the opinion after the hearing) later: on time.
    expect(closedState("PAUSED", "MET", DUE, LATE, "DUTY", BEFORE)).toBe("MET");
    // Paused only after the due instant: already late when it paused.
    expect(closedState("PAUSED", "MET", DUE, BEFORE, "DUTY", LATE)).toBe("BREACHED");
    // A paused row without its pause instant falls back to the closing time.
    expect(closedState("PAUSED", "MET", DUE, LATE, "DUTY", null)).toBe("BREACHED");
    expect(closedState("PAUSED", "MET", DUE, LATE, "DUTY")).toBe("BREACHED");
  });

  it("a pause instant on a clock that is not paused is ignored", () => {
    expect(closedState("OPEN", "MET", DUE, LATE, "DUTY", BEFORE)).toBe("BREACHED");
  });
});

describe("overdueState", () => {
  it("the sweep breaches a duty and lapses a window", () => {
    expect(overdueState("DUTY")).toBe("BREACHED");
    expect(overdueState("WINDOW")).toBe("LAPSED");
  });
});
