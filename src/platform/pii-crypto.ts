import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Field encryption and blind indexes for personal data (ID numbers, phones).
 *
 * Stored values carry their algorithm and key id, so keys and even the cipher can change while old rows stay
 * readable until `npm run pii:rotate-key` rewrites them:
 * - `v1:<kid>:<base64(nonce 12 | ciphertext | tag 16)>` — AES-256-GCM (default).
 * - `s1:<kid>:<base64(iv 16 | ciphertext | mac 32)>` — SM4-CTR then HMAC-SM3 over everything before the mac
 *   (Node 20's OpenSSL has no SM4-GCM, so encrypt-then-MAC gives the same integrity guarantee).
 *
 * The header (`v1:<kid>:`) and the field name are authenticated, so a ciphertext cannot be moved to another
 * column (a phone into the ID column) or relabelled with another key id.
 *
 * Blind index: `<kid>:<hex HMAC(index key, field \0 normalised value)>` with a separate index key (HMAC-SHA256, or
 * HMAC-SM3 in SM mode). Equal values give equal indexes, so lookups and dedupe never need the plaintext.
 */
export type PiiCipher = "aes-256-gcm" | "sm4";

/** What each key ring holds: key id → 32 random bytes. */
export interface PiiKeyRing {
  cipher: PiiCipher;
  /** Encryption key used for new values. */
  current: string;
  keys: Record<string, Buffer>;
  /** Blind-index key used for new indexes (separate from the encryption keys). */
  indexCurrent: string;
  indexKeys: Record<string, Buffer>;
}

/** A stored value that cannot be decrypted: unknown key id, tampered, or not a ciphertext. */
export class PiiDecryptError extends Error {
  readonly code = "PII_DECRYPT_FAILED";
}

/** Key ids appear in stored values; keep them short and free of the separator. */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

const PREFIX = { "aes-256-gcm": "v1", sm4: "s1" } as const;

/** Encrypts, decrypts and indexes personal data with a key ring. Stateless apart from the keys; safe to share. */
export class PiiCrypto {
  constructor(private readonly ring: PiiKeyRing) {
    if (!ring.keys[ring.current]) throw new Error(`PII key ring: current key ${ring.current} is missing`);
    if (!ring.indexKeys[ring.indexCurrent]) throw new Error(`PII key ring: current index key ${ring.indexCurrent} is missing`);
    for (const [kid, k] of [...Object.entries(ring.keys), ...Object.entries(ring.indexKeys)]) {
      if (!KID_PATTERN.test(kid)) throw new Error("PII key ring: key ids must match [A-Za-z0-9_-]{1,16}");
      if (k.length !== 32) throw new Error(`PII key ring: key ${kid} must be 32 bytes`);
    }
  }

  get cipher(): PiiCipher {
    return this.ring.cipher;
  }
  get currentKid(): string {
    return this.ring.current;
  }
  get currentIndexKid(): string {
    return this.ring.indexCurrent;
  }
  /** Prefix of values written now (`v1:k1:`); values without it need rewriting by the rotation command. */
  get currentPrefix(): string {
    return `${PREFIX[this.ring.cipher]}:${this.ring.current}:`;
  }
  /** Prefix of indexes written now (`i1:`). */
  get currentIndexPrefix(): string {
    return `${this.ring.indexCurrent}:`;
  }

  /** Encrypts `plain` for column `field` under the current key. */
  encrypt(plain: string, field: string): string {
    const kid = this.ring.current;
    const key = this.ring.keys[kid];
    const header = `${PREFIX[this.ring.cipher]}:${kid}:`;
    const aad = Buffer.from(`${header}${field}`);
    if (this.ring.cipher === "aes-256-gcm") {
      const nonce = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, nonce);
      c.setAAD(aad);
      const ct = Buffer.concat([c.update(plain, "utf8"), c.final()]);
      return header + Buffer.concat([nonce, ct, c.getAuthTag()]).toString("base64");
    }
    const { enc, mac } = sm4Keys(key);
    const iv = randomBytes(16);
    const c = createCipheriv("sm4-ctr", enc, iv);
    const ct = Buffer.concat([c.update(plain, "utf8"), c.final()]);
    const tag = createHmac("sm3", mac).update(aad).update(iv).update(ct).digest();
    return header + Buffer.concat([iv, ct, tag]).toString("base64");
  }

  /** Decrypts a value written by {@link encrypt} under any key still in the ring. */
  decrypt(stored: string, field: string): string {
    const m = /^(v1|s1):([A-Za-z0-9_-]{1,16}):([A-Za-z0-9+/=]+)$/.exec(stored);
    if (!m) throw new PiiDecryptError(`${field}: not an encrypted value`);
    const [, version, kid, body] = m;
    const key = this.ring.keys[kid];
    if (!key) throw new PiiDecryptError(`${field}: unknown key id ${kid}`);
    const raw = Buffer.from(body, "base64");
    const aad = Buffer.from(`${version}:${kid}:${field}`);
    try {
      if (version === "v1") {
        if (raw.length < 28) throw new Error("short");
        const d = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
        d.setAAD(aad);
        d.setAuthTag(raw.subarray(raw.length - 16));
        return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString("utf8");
      }
      if (raw.length < 48) throw new Error("short");
      const { enc, mac } = sm4Keys(key);
      const iv = raw.subarray(0, 16);
      const ct = raw.subarray(16, raw.length - 32);
      const expected = createHmac("sm3", mac).update(aad).update(iv).update(ct).digest();
      if (!timingSafeEqual(expected, raw.subarray(raw.length - 32))) throw new Error("mac");
      const d = createDecipheriv("sm4-ctr", enc, iv);
      return Buffer.concat([d.update(ct), d.final()]).toString("utf8");
    } catch {
      throw new PiiDecryptError(`${field}: ciphertext does not authenticate under key ${kid}`);
    }
  }

  /** True when `stored` looks like one of our ciphertexts (any key, any version). */
  static isEncrypted(stored: string): boolean {
    return /^(v1|s1):[A-Za-z0-9_-]{1,16}:/.test(stored);
  }

  /** Blind index of `value` for `field`, under the current index key. Normalises first (see {@link normalisePii}). */
  blindIndex(value: string, field: string): string {
    return this.keyedDigest([field, normalisePii(value, field)]);
  }

  /** Keyed digest of several parts under the current index key (`<kid>:<hex>`), for fingerprints over personal data. */
  keyedDigest(parts: readonly string[]): string {
    const kid = this.ring.indexCurrent;
    const algo = this.ring.cipher === "sm4" ? "sm3" : "sha256";
    return `${kid}:${createHmac(algo, this.ring.indexKeys[kid]).update(parts.join("\u0000")).digest("hex")}`;
  }

  /**
   * Whether `stored` (a {@link keyedDigest}) is the digest of `parts`, under the index key it names — not only the
   * current one, because a digest of a secret the hub never keeps (a query code) cannot be rewritten when the index
   * key rotates. Constant time; false for an unknown key id or a malformed value.
   */
  matchesKeyedDigest(stored: string, parts: readonly string[]): boolean {
    const m = /^([A-Za-z0-9_-]{1,16}):([0-9a-f]{64})$/.exec(stored);
    const key = m ? this.ring.indexKeys[m[1]] : undefined;
    if (!m || !key) return false;
    const algo = this.ring.cipher === "sm4" ? "sm3" : "sha256";
    return timingSafeEqual(createHmac(algo, key).update(parts.join("\u0000")).digest(), Buffer.from(m[2], "hex"));
  }
}

/** ID numbers compare case-insensitively without separators; phones by their digits. */
export function normalisePii(value: string, field: string): string {
  if (field.toLowerCase().includes("phone")) return value.replace(/\D+/g, "");
  return value.replace(/[\s-]+/g, "").toUpperCase();
}

/** One 32-byte key → SM4 key (first 16 bytes) and HMAC-SM3 key (last 16): independent halves of random bytes. */
function sm4Keys(key: Buffer) {
  return { enc: key.subarray(0, 16), mac: key.subarray(16, 32) };
}
