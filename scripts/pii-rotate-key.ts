/**
 * Re-encrypts personal data under the current keys: `npm run pii:rotate-key -- [--new-key] [--new-index-key]
 * [--retire] [--batch 200]`; `npm run pii:encrypt-existing` is the same pass (it also encrypts rows left in clear by
 * a version before encryption).
 *
 * --new-key / --new-index-key add a fresh key to the key file (PII_KEYS_FILE, or the embedded default's
 * .data/keys/pii.json) and make it current first; with PII_KEYS_JSON, put the new key in the JSON yourself.
 * --retire drops the non-current keys from the key file once the pass has completed (only then: a value under a
 * dropped key could no longer be read). Uses DATABASE_URL like the hub; safe to interrupt and run again.
 */
import "reflect-metadata";
import { openDatabase } from "../src/db/data-source";
import { rotatePii } from "../src/db/pii-rotation";
import { loadConfig } from "../src/platform/config";
import { createLogger } from "../src/platform/logger";
import { PiiCrypto } from "../src/platform/pii-crypto";
import { DEFAULT_PII_KEYS_FILE, loadPiiKeyRing, readKeyFile, withNewKey, withoutRetiredKeys, writeKeyFile } from "../src/platform/pii-keys";

async function main() {
  const args = process.argv.slice(2);
  const known = new Set(["--new-key", "--new-index-key", "--retire", "--batch"]);
  const unknown = args.filter((a, i) => a.startsWith("--") && !known.has(a) && args[i - 1] !== "--batch");
  if (unknown.length) {
    console.error("usage: npm run pii:rotate-key -- [--new-key] [--new-index-key] [--retire] [--batch N]");
    process.exit(2);
  }
  const batchAt = args.indexOf("--batch");
  const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : 200;
  const config = loadConfig();
  const file = config.PII_KEYS_FILE ?? DEFAULT_PII_KEYS_FILE;
  const editsFile = args.includes("--new-key") || args.includes("--new-index-key") || args.includes("--retire");
  if (editsFile && config.PII_KEYS_JSON) {
    console.error("PII_KEYS_JSON is set: add or remove keys in that JSON yourself, then run without --new-key/--new-index-key/--retire");
    process.exit(2);
  }
  loadPiiKeyRing(config); // creates the embedded default's file if missing, validates it otherwise
  if (args.includes("--new-key")) writeKeyFile(file, withNewKey(readKeyFile(file), "data"));
  if (args.includes("--new-index-key")) writeKeyFile(file, withNewKey(readKeyFile(file), "index"));
  const pii = new PiiCrypto(loadPiiKeyRing(config));
  const log = createLogger(config.LOG_LEVEL);
  const db = await openDatabase({ url: config.DATABASE_URL });
  try {
    const report = await rotatePii(db, pii, { batchSize, log });
    console.log(JSON.stringify({ cipher: pii.cipher, key: pii.currentKid, indexKey: pii.currentIndexKid, rewritten: report }));
  } finally {
    await db.destroy();
  }
  if (args.includes("--retire")) {
    writeKeyFile(file, withoutRetiredKeys(readKeyFile(file)));
    console.log(`retired all but ${pii.currentKid}/${pii.currentIndexKid} in ${file}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
