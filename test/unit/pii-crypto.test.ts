import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../src/platform/config";
import { PiiCrypto, PiiDecryptError, PiiKeyRing } from "../../src/platform/pii-crypto";
import { createKeyFile, loadPiiKeyRing, parseKeyRing, readKeyFile, withNewKey } from "../../src/platform/pii-keys";

const ring = (cipher: PiiKeyRing["cipher"], current = "k1"): PiiKeyRing => ({
  cipher,
  current,
  keys: { k1: Buffer.alloc(32, 1), k2: Buffer.alloc(32, 2) },
  indexCurrent: "i1",
  indexKeys: { i1: Buffer.alloc(32, 3), i2: Buffer.alloc(32, 4) },
});
const ID = "370502199001011234";

describe.each(["aes-256-gcm", "sm4"] as const)("personal-data encryption (%s)", (cipher) => {
  const pii = new PiiCrypto(ring(cipher));

  it("round-trips, with the algorithm and key id in the stored value and a fresh nonce each time", () => {
    const a = pii.encrypt(ID, "idNumber");
    const b = pii.encrypt(ID, "idNumber");
    expect(a).toMatch(cipher === "sm4" ? /^s1:k1:[A-Za-z0-9+/=]+$/ : /^v1:k1:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(ID);
    expect(Buffer.from(a.split(":")[2], "base64").toString("latin1")).not.toContain("1990");
    expect(pii.decrypt(a, "idNumber")).toBe(ID);
    expect(a.length).toBeLessThanOrEqual(160);
    expect(pii.encrypt("+86-138-0546-1001-9999", "phone").length).toBeLessThanOrEqual(160);
  });

  it("refuses a tampered ciphertext, another column's ciphertext, a relabelled key id and an unknown key", () => {
    const c = pii.encrypt(ID, "idNumber");
    const body = Buffer.from(c.split(":")[2], "base64");
    body[body.length - 20] ^= 1; // a ciphertext byte
    expect(() => pii.decrypt(`${c.slice(0, 6)}${body.toString("base64")}`, "idNumber")).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(c, "phone")).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(c.replace(":k1:", ":k2:"), "idNumber")).toThrow(PiiDecryptError);
    expect(() => pii.decrypt(c.replace(":k1:", ":k9:"), "idNumber")).toThrow(/unknown key id k9/);
    expect(() => pii.decrypt(ID, "idNumber")).toThrow(/not an encrypted value/);
  });

  it("decrypts values under an older key after the current key changed", () => {
    const old = pii.encrypt(ID, "idNumber");
    const next = new PiiCrypto(ring(cipher, "k2"));
    expect(next.decrypt(old, "idNumber")).toBe(ID);
    expect(next.encrypt(ID, "idNumber")).toMatch(/^(v1|s1):k2:/);
  });

  it("blind index: keyed, deterministic, normalised, separate per field", () => {
    expect(pii.blindIndex(ID, "idNumber")).toBe(pii.blindIndex(` ${ID.slice(0, 6)}-${ID.slice(6)} `, "idNumber"));
    expect(pii.blindIndex("138-0546-1001", "phone")).toBe(pii.blindIndex("13805461001", "phone"));
    expect(pii.blindIndex(ID, "idNumber")).toMatch(/^i1:[0-9a-f]{64}$/);
    expect(pii.blindIndex(ID, "idNumber")).not.toBe(pii.blindIndex(ID, "phone"));
    const otherKey = new PiiCrypto({ ...ring(cipher), indexCurrent: "i2" });
    expect(otherKey.blindIndex(ID, "idNumber").slice(3)).not.toBe(pii.blindIndex(ID, "idNumber").slice(3));
  });
});

describe("key rings", () => {
  const b64 = () => randomBytes(32).toString("base64");

  it("parses PII_KEYS_JSON and never quotes key material in its errors", () => {
    const good = { current: "k1", keys: { k1: b64() }, indexCurrent: "i1", indexKeys: { i1: b64() } };
    expect(parseKeyRing(JSON.stringify(good), "PII_KEYS_JSON", "aes-256-gcm").keys.k1).toHaveLength(32);
    const short = randomBytes(16).toString("base64");
    const msg = (() => {
      try {
        parseKeyRing(JSON.stringify({ ...good, keys: { k1: short } }), "PII_KEYS_JSON", "aes-256-gcm");
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(msg).toMatch(/key k1 must be 32 bytes/);
    expect(msg).not.toContain(short);
    expect(() => parseKeyRing(JSON.stringify({ ...good, current: "k2" }), "PII_KEYS_JSON", "sm4")).toThrow(/current key k2 is not in keys/);
    expect(() => parseKeyRing("{nope", "PII_KEYS_JSON", "sm4")).toThrow(/PII_KEYS_JSON: not valid JSON$/);
  });

  it("the embedded default generates its key file once, mode 0600; production refuses without configured keys", () => {
    const dir = mkdtempSync(join(tmpdir(), "pii-keys-"));
    try {
      const file = join(dir, "keys", "pii.json");
      const a = loadPiiKeyRing({ NODE_ENV: "development", PII_CIPHER: "aes-256-gcm", PII_KEYS_FILE: file });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      createKeyFile(file); // a second process racing the first keeps the first ring
      const b = loadPiiKeyRing({ NODE_ENV: "development", PII_CIPHER: "aes-256-gcm", PII_KEYS_FILE: file });
      expect(b.keys.k1.equals(a.keys.k1)).toBe(true);
      expect(a.keys.k1.equals(a.indexKeys.i1)).toBe(false);
      expect(() => loadPiiKeyRing({ NODE_ENV: "production", PII_CIPHER: "aes-256-gcm" })).toThrow(/must be set when NODE_ENV=production/);
      expect(() => loadPiiKeyRing({ NODE_ENV: "production", PII_CIPHER: "aes-256-gcm", PII_KEYS_FILE: join(dir, "missing.json") })).toThrow(/no such file/);
      expect(loadPiiKeyRing({ NODE_ENV: "production", PII_CIPHER: "aes-256-gcm", PII_KEYS_FILE: file }).current).toBe("k1");
      const rotated = withNewKey(withNewKey(readKeyFile(file), "data"), "index");
      expect([rotated.current, Object.keys(rotated.keys), rotated.indexCurrent]).toEqual(["k2", ["k1", "k2"], "i2"]);
      expect(readFileSync(file, "utf8")).not.toContain(rotated.keys.k2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
