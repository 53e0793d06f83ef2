import { BetterSqlite3QueryRunner } from "typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner";
import { DateUtils } from "typeorm/util/DateUtils";

let patched = false;

/**
 * Raw SQL on SQLite binds a Date the way mysql2 does on MariaDB, instead of failing: better-sqlite3 binds no Date
 * ("can only bind numbers, strings, bigints, buffers, and null"), which made every raw query with a Date parameter
 * an INTERNAL_SERVER_ERROR on the embedded default only. The value becomes the UTC text TypeORM stores datetime
 * columns in (`YYYY-MM-DD HH:MM:SS.SSS`), so comparisons with stored values are correct. TypeORM's query builder
 * already does this for its named parameters; this covers `query()` with positional ones. Idempotent.
 */
export function bindDatesOnSqlite(): void {
  if (patched) return;
  patched = true;
  const query = BetterSqlite3QueryRunner.prototype.query;
  BetterSqlite3QueryRunner.prototype.query = function (this: BetterSqlite3QueryRunner, sql: string, parameters?: unknown[], structured?: boolean) {
    const params = Array.isArray(parameters) ? parameters.map((p) => (p instanceof Date ? DateUtils.mixedDateToUtcDatetimeString(p) : p)) : parameters;
    return query.call(this, sql, params, structured as false);
  } as typeof query;
}
