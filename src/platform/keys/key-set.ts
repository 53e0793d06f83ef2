import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, JWK, KeyLike } from "jose";

/** The one signature algorithm of the hub's own tokens (ECDSA P-256 with SHA-256). */
export const HUB_ALG = "ES256";

/**
 * One entry of the key-set file: a private EC P-256 JWK plus bookkeeping. `created_at`/`retired_at` are Unix
 * seconds; a retired key no longer signs and verifies only until `retired_at + overlap`.
 */
export interface StoredKey extends JWK {
  kid: string;
  created_at: number;
  retired_at?: number | null;
}

/** The key-set file: `{ "keys": [StoredKey, …] }`, newest last; exactly one key is not retired (the signer). */
export interface KeySetFile {
  keys: StoredKey[];
}

/** The key-set file is missing, unreadable or has no usable signing key. */
export class KeySetError extends Error {}

/** A fresh ES256 key pair as a stored key (kid = RFC 7638 thumbprint of the public key). */
export async function newStoredKey(now = new Date()): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(HUB_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  return { ...jwk, kid, alg: HUB_ALG, use: "sig", created_at: Math.floor(now.getTime() / 1000), retired_at: null };
}

/** Reads and checks a key-set file. */
export function readKeySetFile(path: string): KeySetFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new KeySetError(`key set ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : "not readable JSON"}`);
  }
  const keys = (raw as KeySetFile | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new KeySetError(`key set ${path}: expected {"keys":[…]} with at least one key`);
  for (const [i, k] of keys.entries()) {
    if (k.kty !== "EC" || k.crv !== "P-256" || !k.d || !k.x || !k.y || typeof k.kid !== "string")
      throw new KeySetError(`key set ${path}: keys[${i}] is not a private EC P-256 JWK with a kid`);
  }
  if (!keys.some((k) => !k.retired_at)) throw new KeySetError(`key set ${path}: no current (non-retired) key`);
  return { keys };
}

/** Writes the file atomically with mode 0600 (a reader never sees half a file, nobody else can read it). */
export function writeKeySetFile(path: string, set: KeySetFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

/**
 * Creates the file with one fresh key unless it exists. Two processes starting at once both generate, but only
 * the first `link` wins, so both end up reading the same key.
 */
export async function ensureKeySetFile(path: string): Promise<boolean> {
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(4).toString("hex")}.new`;
  writeFileSync(tmp, `${JSON.stringify({ keys: [await newStoredKey()] }, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Rotation: a new current key; the old current key is retired now (verify-only for the overlap); keys whose
 * overlap has ended are dropped. Returns the new set (not written).
 */
export async function rotateKeySet(set: KeySetFile, overlapSeconds: number, now = new Date()): Promise<KeySetFile> {
  const t = Math.floor(now.getTime() / 1000);
  const kept = set.keys
    .map((k) => (k.retired_at ? k : { ...k, retired_at: t }))
    .filter((k) => (k.retired_at ?? t) + overlapSeconds > t);
  return { keys: [...kept, await newStoredKey(now)] };
}

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  privateKey: KeyLike;
  publicKey: KeyLike;
  createdAt: number;
  retiredAt: number | null;
}

/**
 * The hub's signing keys, loaded from the key-set file. Re-reads the file when it changes (checked at most every
 * few seconds, and at once when a token names an unknown kid), so `npm run keys:rotate` reaches running
 * processes without a restart.
 */
export class HubKeys {
  private keys: LoadedKey[] = [];
  private mtimeMs = 0;
  private checkedAt = 0;

  private constructor(
    readonly path: string,
    readonly overlapSeconds: number,
  ) {}

  /** Loads `path`; with `create` (non-production default), generates the file first when it is missing. */
  static async open(path: string, overlapSeconds: number, opts: { create: boolean }): Promise<HubKeys> {
    if (opts.create) await ensureKeySetFile(path);
    const k = new HubKeys(path, overlapSeconds);
    await k.reload();
    return k;
  }

  private async reload(): Promise<void> {
    const set = readKeySetFile(this.path);
    const st = statSync(this.path);
    const loaded: LoadedKey[] = [];
    for (const k of set.keys) {
      const publicJwk: JWK = { kty: k.kty, crv: k.crv, x: k.x, y: k.y, kid: k.kid, alg: HUB_ALG, use: "sig" };
      loaded.push({
        kid: k.kid,
        publicJwk,
        privateKey: (await importJWK({ kty: k.kty, crv: k.crv, x: k.x, y: k.y, d: k.d }, HUB_ALG)) as KeyLike,
        publicKey: (await importJWK({ kty: k.kty, crv: k.crv, x: k.x, y: k.y }, HUB_ALG)) as KeyLike,
        createdAt: k.created_at ?? 0,
        retiredAt: k.retired_at ?? null,
      });
    }
    this.keys = loaded;
    this.mtimeMs = st.mtimeMs;
    this.checkedAt = Date.now();
  }

  /** Re-reads the file if its mtime changed; at most every `minIntervalMs`. A broken file keeps the last good set. */
  async refresh(minIntervalMs = 5_000): Promise<void> {
    if (Date.now() - this.checkedAt < minIntervalMs) return;
    this.checkedAt = Date.now();
    try {
      if (statSync(this.path).mtimeMs !== this.mtimeMs) await this.reload();
    } catch {
      // keep the keys we have; the next successful read replaces them
    }
  }

  /** The signing key: the newest key that is not retired. */
  current(): { kid: string; privateKey: KeyLike } {
    const live = this.keys.filter((k) => k.retiredAt === null);
    const k = live[live.length - 1];
    if (!k) throw new KeySetError(`key set ${this.path}: no current key`);
    return k;
  }

  /** The public key for `kid` if it may still verify at `now` (current, or retired within the overlap). */
  verificationKey(kid: string, now = Date.now()): KeyLike | null {
    const k = this.keys.find((x) => x.kid === kid);
    if (!k) return null;
    if (k.retiredAt !== null && (k.retiredAt + this.overlapSeconds) * 1000 <= now) return null;
    return k.publicKey;
  }

  /** Whether `kid` is in the file at all (to tell "rotated out" from "never ours" in logs). */
  has(kid: string): boolean {
    return this.keys.some((k) => k.kid === kid);
  }

  /** The published JWKS: public parts of every key that may still verify. */
  jwks(now = Date.now()): { keys: JWK[] } {
    return { keys: this.keys.filter((k) => this.verificationKey(k.kid, now)).map((k) => ({ ...k.publicJwk })) };
  }
}
