import { EntityManager } from "typeorm";

/**
 * The next sequence number of a letter kind in a year, taken inside the caller's transaction by one upsert on the
 * counter row: MariaDB holds the row lock until commit, so concurrent issuers queue and never share a number; SQLite
 * has one writer at a time. A rolled-back registration gives its numbers back.
 */
export async function nextLetterSeq(em: EntityManager, kind: string, year: number): Promise<number> {
  if (em.connection.options.type === "better-sqlite3")
    await em.query('INSERT INTO "letter_counter" ("kind", "year", "lastSeq") VALUES (?, ?, 1) ON CONFLICT ("kind", "year") DO UPDATE SET "lastSeq" = "lastSeq" + 1', [kind, year]);
  else await em.query("INSERT INTO `letter_counter` (`kind`, `year`, `lastSeq`) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE `lastSeq` = `lastSeq` + 1", [kind, year]);
  const rows: { lastSeq: number | string }[] = await em.query("SELECT lastSeq FROM letter_counter WHERE kind = ? AND year = ?", [kind, year]);
  return Number(rows[0].lastSeq);
}
