import { DataSource, EntityManager } from "typeorm";
import type { IsolationLevel } from "typeorm/driver/types/IsolationLevel";

const sqliteLocks = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `fn` in a transaction. better-sqlite3 has one connection, on which TypeORM would treat two concurrent
 * transactions as nested; there, transactions are queued one after another. MySQL uses the pool as is.
 */
export function withTransaction<T>(db: DataSource, fn: (em: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
  if (db.options.type !== "better-sqlite3") return isolation ? db.transaction(isolation, fn) : db.transaction(fn);
  const prev = sqliteLocks.get(db) ?? Promise.resolve();
  const next = prev.then(
    () => db.transaction(fn),
    () => db.transaction(fn),
  );
  sqliteLocks.set(db, next.catch(() => undefined));
  return next;
}
