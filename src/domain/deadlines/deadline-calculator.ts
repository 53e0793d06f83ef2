import { WorkCalendar } from "./calendar";
import { ClockPolicy, DayCounting, DeadlineKind } from "./clock-policy";

/**
 * Computes due instants under the default day-counting rule: the first day is not counted;
 * calendar periods whose last day is not a working day end on the next working day
 * (法定休假日 includes weekends and holidays on the official calendar, make-up days are working days);
 * working-day periods count working days on the official calendar. A period ends at the end of its last day.
 */
export class DeadlineCalculator {
  constructor(
    readonly policy: ClockPolicy,
    readonly calendar: WorkCalendar,
  ) {}

  /** Due instant of `kind` started at `from`. FIXED clocks have no computed due date. */
  dueAt(kind: DeadlineKind, from: Date): Date {
    const rule = this.policy.rules[kind];
    if (rule.counting === "FIXED") throw new Error(`${kind} has a fixed due date set by the organ`);
    return this.dueAfter(from, rule.days, rule.counting);
  }

  dueAfter(from: Date, days: number, counting: "CALENDAR" | "WORKING"): Date {
    const start = this.calendar.localDate(from);
    const last =
      counting === "WORKING"
        ? this.calendar.addWorkdays(start, days)
        : this.calendar.nextWorkdayOnOrAfter(this.calendar.addDays(start, days));
    return this.calendar.endOfDay(last);
  }

  /**
   * Moves a calendar-day due date later by `days` (an approved extension, or excluded hearing time),
   * counting from the original last day and re-applying the holiday rule.
   */
  shift(due: Date, days: number): Date {
    // Stryker disable next-line StringLiteral: equivalent, dueAfter counts calendar days for anything but "WORKING"
    return this.dueAfter(due, days, "CALENDAR");
  }

  /**
   * Days a clock was suspended from `from` to `to`: the local days the suspension touched, first and last included
   * (a hearing held on one day excludes that day); on a working-day clock only working days among them count.
   */
  suspendedDays(from: Date, to: Date, counting: DayCounting): number {
    const a = this.calendar.localDate(from);
    const b = this.calendar.localDate(to);
    if (counting === "WORKING") return this.calendar.workdaysBetween(this.calendar.addDays(a, -1), b);
    return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;
  }

  /**
   * Moves a due date later by `days` on its own counting rule: calendar days from the last day (holiday rule
   * re-applied), working days on the official calendar, or exactly `days` × 24 h for a date fixed by an organ.
   */
  shiftBy(due: Date, days: number, counting: DayCounting): Date {
    if (counting === "FIXED") return new Date(due.getTime() + days * 86_400_000);
    return this.dueAfter(due, days, counting);
  }

  /** Whether a yellow warning is due: `now` is within the configured working days before `due`. */
  inYellowZone(due: Date, now: Date): boolean {
    if (now > due) return false;
    // n working days never span more than n + 15 calendar days (the longest holiday run is ~10 days plus weekends),
    // so far-off deadlines need no day-by-day walk.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a shortcut only (the walk below answers false too)
    if (due.getTime() - now.getTime() > (this.policy.yellowWarningWorkdays + 15) * 86_400_000) return false;
    const today = this.calendar.localDate(now);
    const last = this.calendar.localDate(due);
    return this.calendar.workdaysBetween(today, last) <= this.policy.yellowWarningWorkdays;
  }
}
