import { ColumnOptions } from "typeorm";

/** Millisecond timestamps stored as UTC on both MySQL and SQLite. */
export const dateColumn = (opts: ColumnOptions = {}): ColumnOptions => ({ type: "datetime", precision: 3, ...opts });
/** Bounded text: varchar keeps MySQL rows inline and lets SQLite enforce nothing extra. */
export const textColumn = (length: number, opts: ColumnOptions = {}): ColumnOptions => ({ type: "varchar", length, ...opts });
