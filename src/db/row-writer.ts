import { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";

type Kind = "json" | "bool" | "plain";

/** Per entity: its table and, per property, the column name and how a value is bound. */
interface TableShape {
  table: string;
  cols: Map<string, { col: string; kind: Kind }>;
}

const shapes = new WeakMap<object, Map<EntityTarget<ObjectLiteral>, TableShape>>();

function shapeOf(em: EntityManager, entity: EntityTarget<ObjectLiteral>): TableShape {
  let byEntity = shapes.get(em.connection);
  if (!byEntity) shapes.set(em.connection, (byEntity = new Map()));
  let shape = byEntity.get(entity);
  if (!shape) {
    const meta = em.connection.getMetadata(entity);
    const cols = new Map<string, { col: string; kind: Kind }>();
    for (const c of meta.columns) {
      if (c.transformer) continue; // such columns stay with TypeORM's insert (none of the rows written here has one)
      const t = String(c.type);
      cols.set(c.propertyName, { col: c.databaseName, kind: t === "simple-json" ? "json" : t === "boolean" ? "bool" : "plain" });
    }
    byEntity.set(entity, (shape = { table: meta.tableName, cols }));
  }
  return shape;
}

/**
 * One multi-row `INSERT INTO <table> (<columns>) VALUES (?, …), …` on the caller's transaction (`em.query`), the
 * columns being the properties of the first row (every row must have the same). Values are bound as TypeORM's
 * insert binds them: simple-json as JSON text, booleans as 1/0, Dates as they are (mysql2 with `timezone: "Z"`, and
 * on SQLite sqlite-dates.ts, give the UTC form TypeORM writes). Why not `em.insert`: for the delivery path's grouped
 * writes the query builder (parameter naming, per-value expressions, returning-column bookkeeping) cost more of the
 * hub's CPU than the statements' own client work; these rows need none of it (no generated values are read back).
 * @throws Error for a property that is not a plain column of the entity.
 */
export async function insertRows(em: EntityManager, entity: EntityTarget<ObjectLiteral>, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const { table, cols } = shapeOf(em, entity);
  const props = Object.keys(rows[0]);
  const targets = props.map((p) => {
    const c = cols.get(p);
    if (!c) throw new Error(`insertRows: ${table} has no plain column for property ${p}`);
    return c;
  });
  const params: unknown[] = [];
  for (const row of rows) {
    for (let i = 0; i < props.length; i++) {
      const v = row[props[i]];
      const kind = targets[i].kind;
      params.push(v === undefined || v === null ? null : kind === "json" ? JSON.stringify(v) : kind === "bool" ? (v ? 1 : 0) : v);
    }
  }
  const tuple = `(${props.map(() => "?").join(", ")})`;
  const sql = `INSERT INTO \`${table}\` (${targets.map((t) => `\`${t.col}\``).join(", ")}) VALUES ${rows.map(() => tuple).join(", ")}`;
  await em.query(sql, params);
}
