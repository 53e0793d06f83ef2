import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { DEFAULT_CLOCK_POLICY } from "../../src/domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../../src/domain/deadlines/deadline-calculator";

// Edges of the calendar and the calculator not covered by deadline-calculator.test.ts. Bureau at UTC+8.
describe("WorkCalendar: bad override data", () => {
  it("gives up looking for a working day after 60 days and returns the 60th day", () => {
    // Every day from 1 Jan to 15 Mar 2027 configured as a holiday (bad data). From Fri 1 Jan 2027, 60 days on:
    // January has 31 days (1 Jan + 31 = 1 Feb), February 2027 has 28 (1 Feb + 28 = 1 Mar), so + 60 = Tue 2 Mar 2027.
    const overrides: Record<string, "HOLIDAY"> = {};
    for (let t = Date.UTC(2027, 0, 1); t <= Date.UTC(2027, 2, 15); t += 86_400_000) overrides[new Date(t).toISOString().slice(0, 10)] = "HOLIDAY";
    const cal = new WorkCalendar(480, overrides);
    expect(cal.nextWorkdayOnOrAfter("2027-01-01")).toBe("2027-03-02");
  });
  it("returns the day itself when it is a working day", () => {
    expect(new WorkCalendar().nextWorkdayOnOrAfter("2026-12-01")).toBe("2026-12-01"); // a Tuesday
  });
});

describe("DeadlineCalculator edges", () => {
  const calc = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, new WorkCalendar());
  it("a deadline 30 days away is not yellow (the far-off shortcut), nor is one already passed", () => {
    // Now Tue 1 Dec 2026 10:00 Beijing; due end of Thu 31 Dec.
    expect(calc.inYellowZone(new Date("2026-12-31T15:59:59.999Z"), new Date("2026-12-01T02:00:00Z"))).toBe(false);
    expect(calc.inYellowZone(new Date("2026-12-01T01:59:59.999Z"), new Date("2026-12-01T02:00:00Z"))).toBe(false);
  });
  it("yellow on the last working day before the due day and on the due day itself, up to the due instant", () => {
    // Due end of Thu 3 Dec 2026: Wed 2 Dec has one working day (Thu) left → yellow; Tue 1 Dec has two → not yet.
    const due = new Date("2026-12-03T15:59:59.999Z");
    expect(calc.inYellowZone(due, new Date("2026-12-02T02:00:00Z"))).toBe(true);
    expect(calc.inYellowZone(due, new Date("2026-12-01T02:00:00Z"))).toBe(false);
    expect(calc.inYellowZone(due, due)).toBe(true);
  });
});

describe("DEFAULT_CLOCK_POLICY: the evaluation window", () => {
  it("is a configured 30-calendar-day window for the petitioner, not a duty", () => {
    expect(DEFAULT_CLOCK_POLICY.rules.EVALUATION).toEqual({ nature: "WINDOW", counting: "CALENDAR", days: 30, basis: "满意度评价 (configured period)" });
  });
});
