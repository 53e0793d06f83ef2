import { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

type Kind = "date" | "bool" | "json" | "array" | "int" | "plain";

/**
 * Reads rows of one entity with plain SQL and maps them with the entity's own column metadata. Read paths use it
 * instead of TypeORM's query builder and hydration, which cost more than the whole GraphQL execution of a list
 * query (see bench/); writes still go through TypeORM. Handles both drivers: MySQL returns Date and 0/1, SQLite
 * returns datetime text.
 */
export class RowReader<T extends ObjectLiteral> {
  readonly table: string;
  private readonly cols: { prop: string; col: string; kind: Kind }[];

  constructor(
    private readonly db: DataSource,
    entity: EntityTarget<T>,
  ) {
    const meta = db.getMetadata(entity);
    this.table = meta.tableName;
    this.cols = meta.columns.map((c) => {
      const t = String(c.type);
      const kind: Kind = t === "datetime" ? "date" : t === "boolean" ? "bool" : t === "simple-json" ? "json" : t === "simple-array" ? "array" : t === "int" || t === "integer" ? "int" : "plain";
      return { prop: c.propertyName, col: c.databaseName, kind };
    });
  }

  /** The select list for `alias`. */
  columns(alias: string): string {
    return this.cols.map((c) => `${alias}.\`${c.col}\``).join(", ");
  }

  /** Runs `SELECT <columns> FROM <table> <alias> <rest>` and maps the rows. */
  async select(alias: string, rest: string, params: unknown[]): Promise<T[]> {
    const rows: Record<string, unknown>[] = await this.db.query(`SELECT ${this.columns(alias)} FROM \`${this.table}\` ${alias} ${rest}`, params);
    return rows.map((r) => this.map(r));
  }

  /** Rows whose `column` is one of `ids`, in id order (or in `orderBy` order, for tables without an id). */
  byIds(column: string, ids: readonly number[], orderBy = "id"): Promise<T[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.select("t", `WHERE t.\`${column}\` IN (${ids.map(() => "?").join(",")}) ORDER BY t.\`${orderBy}\``, [...ids]);
  }

  map(row: Record<string, unknown>): T {
    const out: Record<string, unknown> = {};
    for (const c of this.cols) out[c.prop] = convert(row[c.col], c.kind);
    return out as T;
  }
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
