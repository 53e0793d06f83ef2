import { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { EntityMetadata } from "typeorm/metadata/EntityMetadata";

/** A row to insert: some of the entity's properties (JSON columns take any value, so values are not narrowed). */
export type RowOf<E> = { [K in keyof E]?: unknown };

/**
 * Multi-row INSERTs for commands, built from TypeORM's entity metadata and run through the transaction's own
 * `EntityManager.query`. TypeORM's InsertQueryBuilder costs about as much CPU per statement as the database does for
 * these small rows (alias replacement, parameter escaping, per-value merging), and on SQLite it reads every insert
 * back with a SELECT for default columns that commands never use. Here the SQL text is built once per table and
 * column set, and each value still goes through the driver's own `preparePersistentValue` (dates, booleans, JSON,
 * column transformers), so rows are stored exactly as TypeORM stores them. Columns no row gives take their SQL
 * defaults (a version column starts at 1); a column that only some rows give is NULL in the others.
 */
export async function insertRows<E extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<E>,
  rows: readonly RowOf<E>[],
  opts: { ignoreDuplicates?: boolean } = {},
): Promise<void> {
  if (!rows.length) return;
  await run(em, target, rows, opts.ignoreDuplicates ?? false);
}

/** INSERTs one row as {@link insertRows} does and returns its auto-increment id (MySQL `insertId`, SQLite `lastInsertRowid`). */
export async function insertRow<E extends ObjectLiteral>(em: EntityManager, target: EntityTarget<E>, row: RowOf<E>): Promise<number> {
  const raw = (await run(em, target, [row], false)) as { insertId?: number } | number | bigint | undefined;
  const id = typeof raw === "object" ? raw.insertId : raw;
  if (id === undefined || id === null) throw new Error("the database returned no id for the inserted row");
  return Number(id);
}

interface Plan {
  columns: ColumnMetadata[];
  sql: (rowCount: number) => string;
}

const plans = new WeakMap<EntityMetadata, Map<string, Plan>>();
const texts = new WeakMap<Plan, Map<number, string>>();

function planFor(em: EntityManager, meta: EntityMetadata, keys: string[], ignore: boolean): Plan {
  let byKeys = plans.get(meta);
  if (!byKeys) plans.set(meta, (byKeys = new Map()));
  const cacheKey = `${ignore ? "!" : ""}${keys.join(",")}`;
  const cached = byKeys.get(cacheKey);
  if (cached) return cached;
  const driver = em.connection.driver;
  const columns = keys.map((k) => {
    const c = meta.findColumnWithPropertyName(k);
    if (!c) throw new Error(`${meta.name} has no column ${k}`);
    return c;
  });
  const version = meta.versionColumn && !keys.includes(meta.versionColumn.propertyName) ? meta.versionColumn : null;
  const names = [...columns, ...(version ? [version] : [])].map((c) => driver.escape(c.databaseName)).join(", ");
  const tuple = `(${[...columns.map(() => "?"), ...(version ? ["1"] : [])].join(", ")})`;
  const sqlite = driver.options.type === "better-sqlite3";
  const verb = ignore ? (sqlite ? "INSERT OR IGNORE" : "INSERT IGNORE") : "INSERT";
  const head = `${verb} INTO ${driver.escape(meta.tableName)} (${names}) VALUES `;
  const plan: Plan = {
    columns,
    sql: (n) => {
      let byCount = texts.get(plan);
      if (!byCount) texts.set(plan, (byCount = new Map()));
      let text = byCount.get(n);
      if (!text) byCount.set(n, (text = head + Array.from({ length: n }, () => tuple).join(", ")));
      return text;
    },
  };
  byKeys.set(cacheKey, plan);
  return plan;
}

async function run<E extends ObjectLiteral>(em: EntityManager, target: EntityTarget<E>, rows: readonly RowOf<E>[], ignore: boolean): Promise<unknown> {
  const meta = em.connection.getMetadata(target);
  const given = new Set<string>();
  for (const row of rows as Record<string, unknown>[]) for (const k in row) if (row[k] !== undefined) given.add(k);
  const keys = [...given];
  const plan = planFor(em, meta, keys, ignore);
  const driver = em.connection.driver;
  const params: unknown[] = [];
  for (const row of rows as Record<string, unknown>[]) {
    for (const c of plan.columns) {
      // One statement has one column list: a row that leaves out a column another row gives stores NULL there.
      const v = row[c.propertyName];
      params.push(v === undefined ? null : driver.preparePersistentValue(v, c));
    }
  }
  return em.query(plan.sql(rows.length), params);
}
