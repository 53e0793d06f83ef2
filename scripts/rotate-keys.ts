/**
 * `npm run keys:rotate [-- --file <path>] [--overlap-hours N]`: adds a new current signing key to the key set and
 * retires the previous one, which keeps verifying for the overlap (JWT_KEY_OVERLAP_HOURS, default 24); keys
 * retired longer ago than that are removed. Creates the file (one key) when it does not exist yet, which is how
 * a production key set is made. Running hubs pick the change up within seconds (they watch the file's mtime).
 */
import { existsSync } from "node:fs";
import { DEFAULT_KEYS_FILE } from "../src/platform/identity";
import { ensureKeySetFile, readKeySetFile, rotateKeySet, writeKeySetFile } from "../src/platform/keys/key-set";

async function main() {
  const args = process.argv.slice(2);
  const get = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = get("--file") ?? process.env.JWT_KEYS_FILE ?? DEFAULT_KEYS_FILE;
  const overlapHours = Number(get("--overlap-hours") ?? process.env.JWT_KEY_OVERLAP_HOURS ?? 24);
  if (!Number.isFinite(overlapHours) || overlapHours < 0) {
    console.error("--overlap-hours must be a number ≥ 0");
    process.exit(2);
  }
  if (!existsSync(file)) {
    await ensureKeySetFile(file);
    const [k] = readKeySetFile(file).keys;
    console.log(`created ${file} with signing key ${k.kid}`);
    return;
  }
  const before = readKeySetFile(file);
  const after = await rotateKeySet(before, overlapHours * 3600);
  writeKeySetFile(file, after);
  const current = after.keys[after.keys.length - 1];
  const dropped = before.keys.filter((k) => !after.keys.some((a) => a.kid === k.kid)).map((k) => k.kid);
  console.log(`${file}: new signing key ${current.kid}; previous keys verify for ${overlapHours} h${dropped.length ? `; removed ${dropped.join(", ")}` : ""}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
