import type { MigrationInterface } from "typeorm";
import { Init1795764404915 } from "./mysql/1795764404915-Init";
import { Init1795764405088 } from "./sqlite/1795764405088-Init";

/** Migrations per dialect, listed explicitly so ts (jest) and js (dist) builds load the same set. */
export const MYSQL_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795764404915];
export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795764405088];
