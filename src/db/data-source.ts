import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DataSource, DataSourceOptions, Logger as OrmLogger } from "typeorm";
import { ENTITIES } from "./entities";
import { MYSQL_MIGRATIONS, SQLITE_MIGRATIONS } from "./migrations";
import { bindDatesOnSqlite } from "./sqlite-dates";

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  /** Called for every SQL statement; used by the benchmark to count statements per request. */
  onQuery?: (sql: string) => void;
}

/** True when the URL points at MySQL/MariaDB rather than the embedded SQLite file. */
export const isMysqlUrl = (url: string) => /^(mysql|mariadb):\/\//.test(url);

class CountingLogger implements OrmLogger {
  constructor(private readonly onQuery: (sql: string) => void) {}
  logQuery(query: string) {
    this.onQuery(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/** Builds the TypeORM data source for MySQL 8 / MariaDB (mysql2) or SQLite (better-sqlite3). Never synchronizes. */
export function createDataSource(s: DataSourceSettings): DataSource {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    logging: s.onQuery ? (["query"] as ("query")[]) : false,
    logger: s.onQuery ? new CountingLogger(s.onQuery) : undefined,
  };
  let options: DataSourceOptions;
  if (isMysqlUrl(s.url)) {
    options = {
      ...common,
      // Same SQL and driver (mysql2); "mariadb" only changes how TypeORM reads MariaDB's catalog (column defaults).
      type: s.url.startsWith("mariadb:") ? "mariadb" : "mysql",
      url: s.url.replace(/^mariadb:/, "mysql:"),
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
      poolSize: s.poolSize ?? 20,
      supportBigNumbers: true,
      bigNumberStrings: true,
      // mysql2 captures a stack trace per query for nicer errors; it costs ~4% CPU on the hot paths.
      trace: false,
      migrations: MYSQL_MIGRATIONS,
    };
  } else {
    bindDatesOnSqlite(); // raw SQL binds Date parameters as on MariaDB (sqlite-dates.ts)
    const file = s.url.replace(/^sqlite:/, "");
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    options = {
      ...common,
      type: "better-sqlite3",
      database: file,
      enableWAL: true,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma("busy_timeout = 5000");
        // Overwrite deleted and superseded content with zeros, so an old value does not linger in free pages.
        db.pragma("secure_delete = ON");
      },
      migrations: SQLITE_MIGRATIONS,
    };
  }
  return new DataSource(options);
}

/** Opens the data source and applies pending migrations (each in its own transaction). */
export async function openDatabase(s: DataSourceSettings): Promise<DataSource> {
  const ds = createDataSource(s);
  await ds.initialize();
  await ds.runMigrations({ transaction: "each" });
  return ds;
}
