import { DataSource } from "typeorm";
import { DateUtils } from "typeorm/util/DateUtils";

/**
 * A Date as a raw-SQL parameter: mysql2 binds Date objects itself, better-sqlite3 binds none, so on SQLite the value
 * takes the UTC text form TypeORM stores datetime columns in (`YYYY-MM-DD HH:MM:SS.SSS`), which compares correctly.
 * Since sqlite-dates.ts, a Date passed as is binds the same way; this stays for explicitness and older call sites.
 */
export function dateParam(db: DataSource, d: Date): Date | string {
  return db.options.type === "better-sqlite3" ? DateUtils.mixedDateToUtcDatetimeString(d) : d;
}
