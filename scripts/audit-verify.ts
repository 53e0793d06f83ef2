/**
 * Verifies the hash-chained audit log of the database in DATABASE_URL (the hub's default when unset):
 * `npm run audit:verify [-- --anchor <seq:hash>]… [--anchors <file> [--record]]`. See docs/security.md, "Audit log".
 */
import { createDataSource } from "../src/db/data-source";
import { runAuditVerify } from "../src/db/audit-verify";

async function main() {
  // No migrations and no writes: the verifier only reads.
  const db = createDataSource({ url: process.env.DATABASE_URL ?? "sqlite:.data/hub.sqlite", poolSize: 2 });
  await db.initialize();
  try {
    process.exitCode = await runAuditVerify(db, process.argv.slice(2), (l) => console.log(l));
  } finally {
    await db.destroy();
  }
}

main().catch((e) => {
  console.error(`audit:verify failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
