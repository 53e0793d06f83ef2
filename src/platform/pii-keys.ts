import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { ConfigError } from "./config";
import { KID_PATTERN, PiiCipher, PiiKeyRing } from "./pii-crypto";

/** Where the embedded default keeps its generated key ring (under the data directory, mode 0600). */
export const DEFAULT_PII_KEYS_FILE = ".data/keys/pii.json";

/** The key ring as JSON (PII_KEYS_JSON or the key file): base64 keys of 32 bytes by key id. */
const ringJson = z.object({
  current: z.string().regex(KID_PATTERN),
  keys: z.record(z.string().regex(KID_PATTERN), z.base64()),
  indexCurrent: z.string().regex(KID_PATTERN),
  indexKeys: z.record(z.string().regex(KID_PATTERN), z.base64()),
});
export type PiiKeyRingJson = z.infer<typeof ringJson>;

/** The settings the key ring is read from (a subset of Config). */
export interface PiiKeySettings {
  NODE_ENV: string;
  PII_CIPHER: PiiCipher;
  PII_KEYS_JSON?: string;
  PII_KEYS_FILE?: string;
}

/**
 * Validates key-ring JSON. Messages name the problem and never quote the input, since it is key material.
 * @throws ConfigError
 */
export function parseKeyRing(text: string, source: string, cipher: PiiCipher): PiiKeyRing {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${source}: not valid JSON`);
  }
  const r = ringJson.safeParse(raw);
  if (!r.success) throw new ConfigError(`${source}: ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  const decode = (m: Record<string, string>, what: string) =>
    Object.fromEntries(
      Object.entries(m).map(([kid, b64]) => {
        const k = Buffer.from(b64, "base64");
        if (k.length !== 32) throw new ConfigError(`${source}: ${what} ${kid} must be 32 bytes (base64 of 32 random bytes)`);
        return [kid, k];
      }),
    );
  const ring: PiiKeyRing = { cipher, current: r.data.current, keys: decode(r.data.keys, "key"), indexCurrent: r.data.indexCurrent, indexKeys: decode(r.data.indexKeys, "index key") };
  if (!ring.keys[ring.current]) throw new ConfigError(`${source}: current key ${ring.current} is not in keys`);
  if (!ring.indexKeys[ring.indexCurrent]) throw new ConfigError(`${source}: indexCurrent ${ring.indexCurrent} is not in indexKeys`);
  return ring;
}

/**
 * The key ring from PII_KEYS_JSON, else PII_KEYS_FILE, else (outside production) the embedded default's file,
 * generated on first start. Production without configured keys is refused: a generated key next to the data it
 * protects would be lost with a redeploy, or copied along with a backup.
 * @throws ConfigError
 */
export function loadPiiKeyRing(s: PiiKeySettings): PiiKeyRing {
  if (s.PII_KEYS_JSON) return parseKeyRing(s.PII_KEYS_JSON, "PII_KEYS_JSON", s.PII_CIPHER);
  if (s.NODE_ENV === "production" && !s.PII_KEYS_FILE) throw new ConfigError("PII_KEYS_JSON or PII_KEYS_FILE must be set when NODE_ENV=production");
  const file = s.PII_KEYS_FILE ?? DEFAULT_PII_KEYS_FILE;
  if (!existsSync(file)) {
    if (s.NODE_ENV === "production") throw new ConfigError("PII_KEYS_FILE: no such file");
    createKeyFile(file);
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600); // keys readable by the owner only
  return parseKeyRing(readFileSync(file, "utf8"), "PII_KEYS_FILE", s.PII_CIPHER);
}

const newKey = () => randomBytes(32).toString("base64");

/**
 * Writes a fresh key ring atomically: a temporary file hard-linked into place, so two processes starting at once
 * end up with the same ring (the second link fails with EEXIST and that process reads the first one's).
 */
export function createKeyFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const ring: PiiKeyRingJson = { current: "k1", keys: { k1: newKey() }, indexCurrent: "i1", indexKeys: { i1: newKey() } };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, JSON.stringify(ring, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Adds a new encryption key (`kind: "data"`) or index key (`"index"`) to a key-ring JSON and makes it current;
 * the old keys stay so existing values remain readable until the rotation has rewritten them.
 */
export function withNewKey(ring: PiiKeyRingJson, kind: "data" | "index"): PiiKeyRingJson {
  const next = (m: Record<string, string>, letter: string) => {
    let n = Object.keys(m).length + 1;
    while (m[`${letter}${n}`]) n++;
    return `${letter}${n}`;
  };
  if (kind === "data") {
    const kid = next(ring.keys, "k");
    return { ...ring, current: kid, keys: { ...ring.keys, [kid]: newKey() } };
  }
  const kid = next(ring.indexKeys, "i");
  return { ...ring, indexCurrent: kid, indexKeys: { ...ring.indexKeys, [kid]: newKey() } };
}

/** Drops keys other than the current ones (after a completed rotation). */
export function withoutRetiredKeys(ring: PiiKeyRingJson): PiiKeyRingJson {
  return { ...ring, keys: { [ring.current]: ring.keys[ring.current] }, indexKeys: { [ring.indexCurrent]: ring.indexKeys[ring.indexCurrent] } };
}

/** Reads a key file as JSON (for the rotation command). */
export function readKeyFile(file: string): PiiKeyRingJson {
  return ringJson.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** Replaces a key file atomically (write a temporary file, then rename), mode 0600. */
export function writeKeyFile(file: string, ring: PiiKeyRingJson): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(ring, null, 2) + "\n", { mode: 0o600 });
  renameSync(tmp, file);
}
