/**
 * Errors as they may be logged. TypeORM's QueryFailedError carries the statement's `parameters` (ID numbers,
 * phones) and the driver error; mysql2 adds `sql` with the values inlined, and MariaDB's own message quotes the
 * offending value ("Duplicate entry '3705…' for key …"). Only a whitelist of properties is kept, and SQL text and
 * database messages lose their literals.
 */
export interface LoggedError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  errno?: number;
  sqlState?: string;
  /** The statement with placeholders only. */
  query?: string;
  kind?: string;
  status?: number;
  cause?: LoggedError | string;
}

/** Replaces quoted literals (keeping identifier-like ones such as column or key names) and long digit runs. */
export function scrubSqlText(s: string): string {
  return s
    .replace(/'(?:[^'\\]|\\.|'')*'/g, (q) => (/^'[A-Za-z_][\w$.]*'$/.test(q) ? q : "'?'"))
    .replace(/(?<![\w$])\d{5,}(?![\w$])/g, "?");
}

const isDbError = (e: Record<string, unknown>) =>
  e.name === "QueryFailedError" || "sqlMessage" in e || "driverError" in e || "sql" in e || "parameters" in e || (typeof e.code === "string" && /^(ER_|SQLITE_)/.test(e.code));

/** pino serializer for `err`: whitelisted fields only, database literals removed. Non-errors pass through. */
export function safeErrorForLog(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & Record<string, unknown>;
  const db = isDbError(e);
  const clean = (s: string) => (db ? scrubSqlText(s) : s);
  const message = clean(e.message);
  const out: LoggedError = { type: e.constructor?.name ?? e.name, message };
  if (e.stack) out.stack = db ? e.stack.split("\n").filter((l) => /^\s+at /.test(l)).join("\n") : e.stack;
  if (db && out.stack) out.stack = `${out.type}: ${message}\n${out.stack}`;
  const driver = (e.driverError ?? {}) as Record<string, unknown>;
  const code = e.code ?? driver.code;
  if (typeof code === "string" || typeof code === "number") out.code = code;
  const errno = e.errno ?? driver.errno;
  if (typeof errno === "number") out.errno = errno;
  const sqlState = e.sqlState ?? driver.sqlState;
  if (typeof sqlState === "string") out.sqlState = sqlState;
  if (typeof e.query === "string") out.query = scrubSqlText(e.query);
  if (typeof e.kind === "string") out.kind = e.kind;
  if (typeof e.status === "number") out.status = e.status;
  if (e.cause !== undefined && depth < 3) {
    const c = safeErrorForLog(e.cause, depth + 1);
    out.cause = typeof c === "string" ? clean(c) : (c as LoggedError);
  }
  return out;
}
