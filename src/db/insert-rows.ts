import { EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";

/**
 * INSERTs rows as given, without TypeORM's read-back of generated and default columns: on SQLite (no RETURNING in
 * TypeORM's driver) that read-back is one SELECT per INSERT, and commands that write rows never use it. Columns left
 * out take their SQL defaults; a version column starts at 1.
 */
export async function insertRows<E extends ObjectLiteral>(em: EntityManager, target: EntityTarget<E>, rows: readonly QueryDeepPartialEntity<E>[]): Promise<void> {
  if (!rows.length) return;
  await em.createQueryBuilder().insert().into(target).values(rows as QueryDeepPartialEntity<E>[]).updateEntity(false).execute();
}

/** INSERTs one row as {@link insertRows} does and returns its auto-increment id (MySQL `insertId`, SQLite `lastInsertRowid`). */
export async function insertRow<E extends ObjectLiteral>(em: EntityManager, target: EntityTarget<E>, row: QueryDeepPartialEntity<E>): Promise<number> {
  const result = await em.createQueryBuilder().insert().into(target).values(row).updateEntity(false).execute();
  const raw = result.raw as { insertId?: number } | number | bigint;
  const id = typeof raw === "object" ? raw.insertId : raw;
  if (id === undefined || id === null) throw new Error("the database returned no id for the inserted row");
  return Number(id);
}
