import type { MigrationInterface } from "typeorm";
import { Init1795764404915 } from "./mysql/1795764404915-Init";
import { Referrals1795766000464 } from "./mysql/1795766000464-Referrals";
import { Init1795764405088 } from "./sqlite/1795764405088-Init";
import { Referrals1795766000634 } from "./sqlite/1795766000634-Referrals";

/** Migrations per dialect, listed explicitly so ts (jest) and js (dist) builds load the same set. */
export const MYSQL_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795764404915, Referrals1795766000464];
export const SQLITE_MIGRATIONS: (new () => MigrationInterface)[] = [Init1795764405088, Referrals1795766000634];
