import type { QueryRunner } from "typeorm";
import { requestDigest } from "../../commands/matter-fingerprint";

/**
 * Fills `petition.requestDigest` for rows registered before it existed, in batches by id. The digest is computed in
 * code (the normaliser strips Unicode punctuation, which neither SQL dialect can do the same way).
 */
export async function backfillRequestDigests(q: QueryRunner, quote: "`" | '"'): Promise<void> {
  const c = (n: string) => `${quote}${n}${quote}`;
  for (let after = 0; ; ) {
    const rows: { id: number; request: string }[] = await q.query(`SELECT ${c("id")} AS id, ${c("request")} AS request FROM ${c("petition")} WHERE ${c("id")} > ? AND ${c("requestDigest")} IS NULL ORDER BY ${c("id")} LIMIT 500`, [after]);
    if (rows.length === 0) return;
    for (const r of rows) await q.query(`UPDATE ${c("petition")} SET ${c("requestDigest")} = ? WHERE ${c("id")} = ?`, [requestDigest(r.request), r.id]);
    after = Number(rows[rows.length - 1].id);
  }
}
