import { DataSource, EntityTarget, ObjectLiteral, QueryFailedError } from "typeorm";

type Kind = "date" | "bool" | "json" | "array" | "int" | "plain";

/** The part of mysql2's callback pool (TypeORM's `MysqlDriver.pool`) that reads use. */
interface MysqlPool {
  query(options: { sql: string; values: unknown[]; rowsAsArray: boolean }, cb: (err: Error | null, rows: unknown) => void): void;
}

const pools = new WeakMap<DataSource, MysqlPool | null>();

/** mysql2's pool behind a MySQL/MariaDB data source (none for SQLite, or for a replication cluster). */
function mysqlPool(db: DataSource): MysqlPool | null {
  let pool = pools.get(db);
  if (pool === undefined) {
    const driver = db.driver as { pool?: MysqlPool; poolCluster?: unknown };
    pool = (db.options.type === "mysql" || db.options.type === "mariadb") && driver.pool && !driver.poolCluster ? driver.pool : null;
    pools.set(db, pool);
  }
  return pool;
}

/**
 * Runs one read statement on MySQL/MariaDB straight on mysql2's pool, rows as arrays in select-list order. TypeORM's
 * `DataSource.query` costs more than the statement's own client work: a QueryRunner, a promise wrapper connection
 * (a `require` per call), Before/AfterQuery broadcasts and a copy of the rows, per statement. The statement is still
 * reported to the data source's logger (the benchmark counts statements with it), and a failure is the same
 * QueryFailedError as through TypeORM (log-safety.ts keeps its parameters out of logs).
 */
function readArrays(db: DataSource, pool: MysqlPool, sql: string, params: unknown[]): Promise<unknown[][]> {
  db.logger.logQuery(sql, params); // as TypeORM does for every statement (its logger checks whether it logs)
  return new Promise((resolve, reject) =>
    pool.query({ sql, values: params, rowsAsArray: true }, (err, rows) => (err ? reject(new QueryFailedError(sql, params, err)) : resolve(rows as unknown[][]))),
  );
}

/**
 * Reads rows of one entity with plain SQL and maps them with the entity's own column metadata. Read paths use it
 * instead of TypeORM's query builder and hydration, which cost more than the whole GraphQL execution of a list
 * query (see bench/); writes still go through TypeORM. Handles both drivers: MySQL returns Date and 0/1 (read on
 * mysql2's pool directly, see `readArrays`), SQLite returns datetime text (through TypeORM; better-sqlite3 is
 * in-process and synchronous, so there is no pool round trip to save).
 */
export class RowReader<T extends ObjectLiteral> {
  readonly table: string;
  private readonly cols: { prop: string; col: string; kind: Kind }[];

  constructor(
    private readonly db: DataSource,
    entity: EntityTarget<T>,
    only?: readonly string[],
  ) {
    const meta = db.getMetadata(entity);
    this.table = meta.tableName;
    const columns = only ? only.map((prop) => meta.columns.find((c) => c.propertyName === prop) ?? fail(`${meta.tableName} has no column ${prop}`)) : meta.columns;
    this.cols = columns.map((c) => {
      const t = String(c.type);
      const kind: Kind = t === "datetime" ? "date" : t === "boolean" ? "bool" : t === "simple-json" ? "json" : t === "simple-array" ? "array" : t === "int" || t === "integer" ? "int" : "plain";
      return { prop: c.propertyName, col: c.databaseName, kind };
    });
  }

  /**
   * A reader of some columns only, e.g. a masked view that must not fetch ciphertext it will not decrypt: the rows
   * carry exactly the properties named (what is not read is absent, not null).
   */
  static subset<E extends ObjectLiteral, K extends keyof E & string>(db: DataSource, entity: EntityTarget<E>, only: readonly K[]): RowReader<Pick<E, K>> {
    return new RowReader(db, entity as EntityTarget<Pick<E, K>>, only);
  }

  /** The select list for `alias`. */
  columns(alias: string): string {
    return this.cols.map((c) => `${alias}.\`${c.col}\``).join(", ");
  }

  /** Runs `SELECT <columns> FROM <table> <alias> <rest>` and maps the rows. */
  async select(alias: string, rest: string, params: unknown[]): Promise<T[]> {
    const sql = `SELECT ${this.columns(alias)} FROM \`${this.table}\` ${alias} ${rest}`;
    const pool = mysqlPool(this.db);
    if (pool) return (await readArrays(this.db, pool, sql, params)).map((r) => this.mapArray(r));
    const rows: Record<string, unknown>[] = await this.db.query(sql, params);
    return rows.map((r) => this.map(r));
  }

  /**
   * Like `select`, with more select-list expressions after the columns (their parameters first in `params`); their
   * values come back per row in `extras`, in the same order as `rows`.
   */
  async selectWith(alias: string, exprs: readonly string[], rest: string, params: unknown[]): Promise<{ rows: T[]; extras: unknown[][] }> {
    const n = this.cols.length;
    const pool = mysqlPool(this.db);
    const sql = `SELECT ${this.columns(alias)}, ${exprs.map((x, i) => `${x} AS \`_x${i}\``).join(", ")} FROM \`${this.table}\` ${alias} ${rest}`;
    const rows: T[] = [];
    const extras: unknown[][] = [];
    if (pool) {
      for (const r of await readArrays(this.db, pool, sql, params)) {
        rows.push(this.mapArray(r));
        extras.push(r.slice(n));
      }
    } else {
      for (const r of (await this.db.query(sql, params)) as Record<string, unknown>[]) {
        rows.push(this.map(r));
        extras.push(exprs.map((_, i) => r[`_x${i}`]));
      }
    }
    return { rows, extras };
  }

  /**
   * Rows whose `column` is one of `ids`, in id order (or in `orderBy` order, for tables without an id); `and` is a
   * further fixed condition on alias `t` (no parameters), e.g. `t.closedAt IS NULL`.
   */
  byIds(column: string, ids: readonly number[], orderBy = "id", and?: string): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.select("t", `WHERE t.\`${column}\` IN (${ids.map(() => "?").join(",")})${and ? ` AND ${and}` : ""} ORDER BY t.\`${orderBy}\``, [...ids]);
  }

  /** Maps a row read as an object keyed by column name (raw queries of other modules, SQLite). */
  map(row: Record<string, unknown>): T {
    const out: Record<string, unknown> = {};
    for (const c of this.cols) out[c.prop] = convert(row[c.col], c.kind);
    return out as T;
  }

  /** Maps a row read as an array in the order of `columns()`. */
  private mapArray(row: unknown[]): T {
    return (this.arrayMapper ??= compileArrayMapper(this.cols))(row) as T;
  }

  private arrayMapper: ((row: unknown[]) => ObjectLiteral) | undefined;
}

/**
 * A function that builds one row object as a single object literal (`{ id: r[0], … }`), as mysql2 itself compiles
 * its row parsers. Filling an empty object in a loop with computed keys went through a megamorphic keyed store per
 * column and grew each object one hidden-class transition at a time; a literal allocates the final shape at once.
 * The generated code holds only entity metadata (property names, quoted with JSON.stringify), never data.
 */
function compileArrayMapper(cols: readonly { prop: string; kind: Kind }[]): (row: unknown[]) => ObjectLiteral {
  const fields = cols.map((c, i) => `${JSON.stringify(c.prop)}: ${c.kind === "plain" ? `r[${i}] ?? null` : `convert(r[${i}], ${JSON.stringify(c.kind)})`}`);
  return new Function("convert", `return function mapRow(r) { return { ${fields.join(", ")} }; };`)(convert) as (row: unknown[]) => ObjectLiteral;
}

function fail(message: string): never {
  throw new Error(message);
}

function convert(v: unknown, kind: Kind): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case "date":
      return v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(String(v)) ? String(v) : `${String(v).replace(" ", "T")}Z`);
    case "bool":
      return v === true || v === 1 || v === "1";
    case "json":
      return typeof v === "string" ? JSON.parse(v) : v;
    case "array":
      return typeof v === "string" ? (v === "" ? [] : v.split(",")) : v;
    case "int":
      return typeof v === "string" ? Number(v) : v;
    default:
      return v;
  }
}
