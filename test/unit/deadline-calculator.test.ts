import { execFileSync } from "child_process";
import * as path from "path";
import { WorkCalendar } from "../../src/domain/deadlines/calendar";
import { ClockPolicy, DEFAULT_CLOCK_POLICY, DeadlineKind as K } from "../../src/domain/deadlines/clock-policy";
import { DeadlineCalculator } from "../../src/domain/deadlines/deadline-calculator";

/*
 * The bureau is at UTC+8: "10:00 local on D" is D T02:00Z and the end of local day D is D T15:59:59.999Z.
 * 2026 facts from the official calendar (chinese-days 1.5.7), asserted below before they are relied on:
 *   Spring Festival: 15 Feb–23 Feb off (incl. Mon 16–Fri 20 and Mon 23), Sat 14 Feb and Sat 28 Feb are make-up working days;
 *   Qingming: Mon 6 Apr off; Labour Day: Fri 1 May–Tue 5 May off, Sat 9 May worked;
 *   Mid-Autumn: Fri 25 Sep off; National Day: Thu 1–Wed 7 Oct off, Sun 20 Sep and Sat 10 Oct worked.
 */
const calendar = new WorkCalendar();
const calc = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, calendar);
const at = (iso: string) => new Date(iso);
/** 10:00 local on a local date. */
const morning = (localDate: string) => at(`${localDate}T02:00:00Z`);
/** The last millisecond of a local date, written out as the instant the API stores. */
const endOf = (localDate: string) => `${localDate}T15:59:59.999Z`;

describe("the official 2026 calendar the cases rely on", () => {
  it.each([
    ["2026-01-01", false, "New Year's Day"],
    ["2026-01-04", true, "make-up Sunday"],
    ["2026-02-14", true, "make-up Saturday before Spring Festival"],
    ["2026-02-16", false, "Spring Festival"],
    ["2026-02-20", false, "Spring Festival"],
    ["2026-02-23", false, "Spring Festival (a Monday)"],
    ["2026-02-24", true, "first working day after Spring Festival"],
    ["2026-03-07", false, "an ordinary Saturday"],
    ["2026-03-09", true, "an ordinary Monday"],
    ["2026-04-06", false, "Qingming (a Monday)"],
    ["2026-05-01", false, "Labour Day"],
    ["2026-05-05", false, "Labour Day (a Tuesday)"],
    ["2026-05-06", true, "first working day after Labour Day"],
    ["2026-09-20", true, "make-up Sunday before National Day"],
    ["2026-09-25", false, "Mid-Autumn Festival (a Friday)"],
    ["2026-09-30", true, "last working day before National Day"],
    ["2026-10-01", false, "National Day"],
    ["2026-10-07", false, "National Day (a Wednesday)"],
    ["2026-10-08", true, "first working day after National Day"],
    ["2026-10-10", true, "make-up Saturday after National Day"],
    ["2026-10-11", false, "an ordinary Sunday"],
  ])("%s is a working day: %s (%s)", (date, workday) => {
    expect(calendar.isWorkday(date)).toBe(workday);
  });
});

describe("DEFAULT_CLOCK_POLICY follows shared/domain.md §2", () => {
  it.each([
    [K.ROUTING, "DUTY", "CALENDAR", 15, "第22条"],
    [K.ACCEPTANCE_NOTICE, "DUTY", "CALENDAR", 15, "第23条"],
    [K.OBJECTION_WINDOW, "WINDOW", "WORKING", 5, "第23条"],
    [K.HANDLING, "DUTY", "CALENDAR", 60, "第34条"],
    [K.ASSIGNED_RESULT, "DUTY", "FIXED", 0, "第22条"],
    [K.REVIEW_REQUEST_WINDOW, "WINDOW", "CALENDAR", 30, "第35条"],
    [K.REVIEW_OPINION, "DUTY", "CALENDAR", 30, "第35条"],
    [K.REREVIEW_REQUEST_WINDOW, "WINDOW", "CALENDAR", 30, "第36条"],
    [K.REREVIEW_OPINION, "DUTY", "CALENDAR", 30, "第36条"],
  ])("%s: %s, %s, %i days, %s", (kind, nature, counting, days, article) => {
    const rule = DEFAULT_CLOCK_POLICY.rules[kind];
    expect({ nature: rule.nature, counting: rule.counting, days: rule.days }).toEqual({ nature, counting, days });
    expect(rule.basis).toBe(`信访工作条例 ${article}`);
  });

  it("has a rule for every kind, one extension of at most 30 days, the 60-day clock for appeals, yellow one working day ahead", () => {
    expect(Object.keys(DEFAULT_CLOCK_POLICY.rules).sort()).toEqual(Object.values(K).sort());
    expect(DEFAULT_CLOCK_POLICY).toMatchObject({ maxExtensionDays: 30, handlingClockCategories: ["APPEAL_REQUEST"], yellowWarningWorkdays: 1 });
  });
});

describe("DeadlineCalculator.dueAt: every clock with 2026 dates", () => {
  it.each([
    [K.ROUTING, "2026-09-16", "2026-10-08", "Wed 16 Sep + 15 = Thu 1 Oct, National Day → Thu 8 Oct"],
    [K.ACCEPTANCE_NOTICE, "2026-03-02", "2026-03-17", "Mon 2 Mar + 15 = Tue 17 Mar"],
    [K.OBJECTION_WINDOW, "2026-09-29", "2026-10-12", "5 working days: 30 Sep, 8, 9, 10 (make-up Sat), 12 Oct"],
    [K.HANDLING, "2026-03-02", "2026-05-06", "Mon 2 Mar + 60 = Fri 1 May, Labour Day → Wed 6 May"],
    [K.REVIEW_REQUEST_WINDOW, "2026-01-15", "2026-02-14", "Thu 15 Jan + 30 = Sat 14 Feb, a make-up working day: no roll"],
    [K.REVIEW_OPINION, "2026-01-21", "2026-02-24", "Wed 21 Jan + 30 = Fri 20 Feb, Spring Festival → Tue 24 Feb"],
    [K.REREVIEW_REQUEST_WINDOW, "2026-04-01", "2026-05-06", "Wed 1 Apr + 30 = Fri 1 May → Wed 6 May"],
    [K.REREVIEW_OPINION, "2026-06-08", "2026-07-08", "Mon 8 Jun + 30 = Wed 8 Jul"],
  ])("%s started %s is due at the end of %s (%s)", (kind, start, due) => {
    expect(calc.dueAt(kind, morning(start)).toISOString()).toBe(endOf(due));
  });

  it("ASSIGNED_RESULT has no computed due date (the assigning organ sets it)", () => {
    expect(() => calc.dueAt(K.ASSIGNED_RESULT, morning("2026-03-02"))).toThrow(/fixed due date/);
  });
});

describe("day counting", () => {
  it.each([
    ["00:00:00.000 local", "2026-03-01T16:00:00.000Z"],
    ["10:00 local", "2026-03-02T02:00:00.000Z"],
    ["23:59:59.999 local", "2026-03-02T15:59:59.999Z"],
  ])("the first day is not counted, whatever the time on it (%s, Mon 2 Mar + 15 → Tue 17 Mar)", (_time, start) => {
    expect(calc.dueAt(K.ACCEPTANCE_NOTICE, at(start)).toISOString()).toBe(endOf("2026-03-17"));
  });

  it("a one-day period ends at the end of the next day", () => {
    expect(calc.dueAfter(morning("2026-03-03"), 1, "CALENDAR").toISOString()).toBe(endOf("2026-03-04"));
    expect(calc.dueAfter(morning("2026-03-03"), 1, "WORKING").toISOString()).toBe(endOf("2026-03-04"));
  });

  describe("a calendar period ending on a day off moves to the next working day", () => {
    it.each([
      ["2026-03-02", 5, "2026-03-09", "Sat 7 Mar → Mon 9 Mar"],
      ["2026-03-05", 30, "2026-04-07", "Sat 4 Apr, Sun 5, Qingming Mon 6 → Tue 7 Apr"],
      ["2026-09-16", 15, "2026-10-08", "Thu 1 Oct, National Day → Thu 8 Oct"],
      ["2026-09-22", 3, "2026-09-28", "Fri 25 Sep, Mid-Autumn, then the weekend → Mon 28 Sep"],
      ["2026-09-14", 6, "2026-09-20", "Sun 20 Sep is a make-up working day: no roll"],
      ["2026-03-02", 10, "2026-03-12", "Thu 12 Mar is a working day: no roll"],
    ])("from %s, %i days → %s (%s)", (start, days, due) => {
      expect(calc.dueAfter(morning(start), days, "CALENDAR").toISOString()).toBe(endOf(due));
    });
  });

  describe("a working-day period skips days off and counts make-up days", () => {
    it.each([
      ["2026-03-02", 5, "2026-03-09", "an ordinary week: 3, 4, 5, 6, 9 Mar"],
      ["2026-09-29", 5, "2026-10-12", "30 Sep, then National Day, then 8, 9, 10 (make-up Sat), 12 Oct"],
      ["2026-09-17", 5, "2026-09-23", "18, 20 (make-up Sun), 21, 22, 23 Sep"],
      ["2026-09-22", 5, "2026-09-30", "23, 24, (25 Mid-Autumn, weekend) 28, 29, 30 Sep"],
      ["2026-02-13", 5, "2026-02-27", "14 (make-up Sat), (Spring Festival) 24, 25, 26, 27 Feb"],
    ])("from %s, %i working days → %s (%s)", (start, days, due) => {
      expect(calc.dueAfter(morning(start), days, "WORKING").toISOString()).toBe(endOf(due));
    });
  });

  it("the due instant is 23:59:59.999 local (UTC+8), i.e. 15:59:59.999Z", () => {
    const due = calc.dueAt(K.ACCEPTANCE_NOTICE, morning("2026-03-02"));
    expect(due.toISOString()).toBe("2026-03-17T15:59:59.999Z");
    expect(calendar.localDate(due)).toBe("2026-03-17");
    expect(calendar.localDate(new Date(due.getTime() + 1))).toBe("2026-03-18");
  });

  it.each([
    ["23:30 local on Mon 2 Mar (15:30Z, 2 Mar in UTC too)", "2026-03-02T15:30:00Z", "2026-03-02", "2026-03-17"],
    ["00:30 local on Tue 3 Mar (16:30Z, still 2 Mar in UTC)", "2026-03-02T16:30:00Z", "2026-03-03", "2026-03-18"],
    ["07:59 local on Tue 3 Mar (23:59Z on 2 Mar)", "2026-03-02T23:59:00Z", "2026-03-03", "2026-03-18"],
  ])("a registration at %s counts from the local day", (_when, instant, localDay, due) => {
    expect(calendar.localDate(at(instant))).toBe(localDay);
    expect(calc.dueAt(K.ROUTING, at(instant)).toISOString()).toBe(endOf(due));
  });

  describe("shift: an approved extension (or excluded hearing time) moves a due date by calendar days", () => {
    it.each([
      ["2026-05-06", 30, "2026-06-05", "Wed 6 May + 30 = Fri 5 Jun"],
      ["2026-07-27", 30, "2026-08-26", "Mon 27 Jul + 30 = Wed 26 Aug"],
      ["2026-09-03", 30, "2026-10-08", "Thu 3 Sep + 30 = Sat 3 Oct, National Day → Thu 8 Oct"],
      ["2026-03-17", 1, "2026-03-18", "one day"],
    ])("end of %s + %i days → end of %s (%s)", (due, days, shifted) => {
      expect(calc.shift(at(endOf(due)), days).toISOString()).toBe(endOf(shifted));
    });
  });
});

describe("inYellowZone: yellow one working day before the due date", () => {
  const due = at(endOf("2026-03-17")); // Tue 17 Mar
  it.each([
    ["Thu 12 Mar (three working days before)", "2026-03-12T02:00:00Z", false],
    ["Fri 13 Mar (two working days before)", "2026-03-13T02:00:00Z", false],
    ["Sun 15 Mar (Mon and Tue still to work)", "2026-03-15T02:00:00Z", false],
    ["Mon 16 Mar 00:00 local (one working day before)", "2026-03-15T16:00:00Z", true],
    ["Mon 16 Mar 10:00 local", "2026-03-16T02:00:00Z", true],
    ["Tue 17 Mar, the due day", "2026-03-17T02:00:00Z", true],
    ["the due instant itself", "2026-03-17T15:59:59.999Z", true],
    ["one millisecond after the due instant", "2026-03-17T16:00:00.000Z", false],
    ["a day after", "2026-03-18T02:00:00Z", false],
  ])("at %s: %s", (_when, now, yellow) => {
    expect(calc.inYellowZone(due, at(now))).toBe(yellow);
  });

  it.each([
    ["Tue 29 Sep (two working days before: 30 Sep, 8 Oct)", "2026-09-29T02:00:00Z", false],
    ["Wed 30 Sep (the last working day before the holiday)", "2026-09-30T02:00:00Z", true],
    ["Sat 3 Oct (during the holiday)", "2026-10-03T02:00:00Z", true],
  ])("across National Day, due Thu 8 Oct, at %s: %s", (_when, now, yellow) => {
    expect(calc.inYellowZone(at(endOf("2026-10-08")), at(now))).toBe(yellow);
  });

  it("follows the configured number of working days", () => {
    const twoDays: ClockPolicy = { ...DEFAULT_CLOCK_POLICY, yellowWarningWorkdays: 2 };
    expect(new DeadlineCalculator(twoDays, calendar).inYellowZone(due, at("2026-03-13T02:00:00Z"))).toBe(true);
    expect(new DeadlineCalculator(twoDays, calendar).inYellowZone(due, at("2026-03-12T02:00:00Z"))).toBe(false);
  });
});

describe("WorkCalendar", () => {
  it("converts between instants and local dates at UTC+8", () => {
    expect(calendar.localDate(at("2026-12-31T15:59:59.999Z"))).toBe("2026-12-31");
    expect(calendar.localDate(at("2026-12-31T16:00:00.000Z"))).toBe("2027-01-01");
    expect(calendar.endOfDay("2026-02-28").toISOString()).toBe("2026-02-28T15:59:59.999Z");
    expect(calendar.addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(calendar.addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(calendar.nextWorkdayOnOrAfter("2026-10-01")).toBe("2026-10-08");
    expect(calendar.nextWorkdayOnOrAfter("2026-10-08")).toBe("2026-10-08");
    expect(calendar.workdaysBetween("2026-09-30", "2026-10-12")).toBe(4); // 8, 9, 10, 12 Oct
    expect(calendar.addWorkdays("2026-09-30", 4)).toBe("2026-10-12");
  });

  describe("configured overrides take precedence over the official calendar", () => {
    it("an extra holiday on the last day moves a calendar period", () => {
      const local = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, new WorkCalendar(480, { "2026-03-17": "HOLIDAY" }));
      expect(calc.dueAt(K.ACCEPTANCE_NOTICE, morning("2026-03-02")).toISOString()).toBe(endOf("2026-03-17"));
      expect(local.dueAt(K.ACCEPTANCE_NOTICE, morning("2026-03-02")).toISOString()).toBe(endOf("2026-03-18"));
    });

    it("an extra holiday inside a working-day period lengthens it (here: the make-up Saturday cancelled)", () => {
      const local = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, new WorkCalendar(480, { "2026-10-10": "HOLIDAY" }));
      expect(local.dueAt(K.OBJECTION_WINDOW, morning("2026-09-29")).toISOString()).toBe(endOf("2026-10-13"));
    });

    it("an extra working day can end a period on a Saturday", () => {
      const local = new DeadlineCalculator(DEFAULT_CLOCK_POLICY, new WorkCalendar(480, { "2026-03-07": "WORKDAY" }));
      expect(local.dueAfter(morning("2026-03-02"), 5, "CALENDAR").toISOString()).toBe(endOf("2026-03-07"));
      expect(local.calendar.isWorkday("2026-03-07")).toBe(true);
      expect(local.calendar.isWorkday("2026-03-08")).toBe(false);
    });
  });

  it("uses the bureau's configured offset, not the process's", () => {
    const utc = new WorkCalendar(0);
    expect(utc.localDate(at("2026-03-02T16:30:00Z"))).toBe("2026-03-02");
    expect(utc.endOfDay("2026-03-02").toISOString()).toBe("2026-03-02T23:59:59.999Z");
  });

  // Regression: chinese-days' own isWorkday() reads "YYYY-MM-DD" in the process's local time zone and is off by a day
  // west of UTC. The calendar must give the same answers whatever TZ the server runs in. A time zone cannot be changed
  // inside a Jest worker, so each case runs the real module in a child Node process.
  it.each(["America/New_York", "Pacific/Pago_Pago", "Pacific/Kiritimati", "Asia/Shanghai"])(
    "answers the same in a process running in %s",
    (tz) => {
      const dates = ["2026-02-14", "2026-02-23", "2026-02-24", "2026-03-09", "2026-09-20", "2026-10-01", "2026-10-10", "2026-10-11", "2026-10-12"];
      const script = `
        const swc = require(${JSON.stringify(require.resolve("@swc/core"))});
        const fs = require("fs");
        require.extensions[".ts"] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, "utf8"),
          { filename: f, jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }).code, f);
        const { WorkCalendar } = require(${JSON.stringify(path.resolve(__dirname, "../../src/domain/deadlines/calendar.ts"))});
        const c = new WorkCalendar();
        process.stdout.write(JSON.stringify(${JSON.stringify(dates)}.map((d) => c.isWorkday(d))));`;
      const out = execFileSync(process.execPath, ["-e", script], { env: { ...process.env, TZ: tz }, encoding: "utf8" });
      expect(JSON.parse(out)).toEqual(dates.map((d) => calendar.isWorkday(d)));
      expect(JSON.parse(out)).toEqual([true, false, true, true, true, false, true, false, true]);
    },
  );
});
