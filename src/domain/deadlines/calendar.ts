import { createRequire } from "module";

/** Local dates are handled as "YYYY-MM-DD" strings in the bureau's time zone (fixed offset, no DST in China). */
export type LocalDate = string;

const DAY_MS = 86_400_000;

/**
 * The official holiday and make-up working-day tables published with `chinese-days` (its documented JSON),
 * keyed by "YYYY-MM-DD". Read directly because the package's own isWorkday() parses "YYYY-MM-DD" as UTC
 * midnight but reads it back (and builds its tables) with local-time getters, so it answers for the wrong
 * weekday when the process time zone is west of UTC.
 */
const OFFICIAL: { holidays: Record<string, string>; workdays: Record<string, string> } = createRequire(__filename)(
  "chinese-days/dist/chinese-days.json",
);

/**
 * The official Chinese working calendar (public holidays and make-up working days, from the
 * maintained `chinese-days` data), with optional overrides from configuration for years the
 * package does not yet cover or for local decisions.
 */
export class WorkCalendar {
  constructor(
    private readonly utcOffsetMinutes = 480,
    private readonly overrides: Readonly<Record<LocalDate, "WORKDAY" | "HOLIDAY">> = {},
  ) {}

  /** The local calendar date of an instant. */
  localDate(instant: Date): LocalDate {
    return new Date(instant.getTime() + this.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  }

  /** The last millisecond of a local date, as an instant. */
  endOfDay(date: LocalDate): Date {
    return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS - 1 - this.utcOffsetMinutes * 60_000);
  }

  addDays(date: LocalDate, days: number): LocalDate {
    return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  }

  isWorkday(date: LocalDate): boolean {
    const o = this.overrides[date];
    if (o) return o === "WORKDAY";
    if (OFFICIAL.workdays[date]) return true;
    if (OFFICIAL.holidays[date]) return false;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  /** The first working day on or after `date`. */
  nextWorkdayOnOrAfter(date: LocalDate): LocalDate {
    let d = date;
    // A holiday run never exceeds a few weeks; the bound guards against bad override data.
    for (let i = 0; i < 60 && !this.isWorkday(d); i++) d = this.addDays(d, 1);
    return d;
  }

  /** The n-th working day after `date` (the start day itself is not counted). */
  addWorkdays(date: LocalDate, n: number): LocalDate {
    let d = date;
    let left = n;
    while (left > 0) {
      d = this.addDays(d, 1);
      if (this.isWorkday(d)) left--;
    }
    return d;
  }

  /** Working days strictly after `from` up to and including `to`. */
  workdaysBetween(from: LocalDate, to: LocalDate): number {
    let n = 0;
    for (let d = this.addDays(from, 1); d <= to; d = this.addDays(d, 1)) if (this.isWorkday(d)) n++;
    return n;
  }
}
