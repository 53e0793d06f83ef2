/**
 * HMAC-SHA256 request signing, used both ways: the hub signs what it sends to REST partners, and verifies the
 * signed callbacks agencies send to it.
 *
 * The signature covers method, path, timestamp, nonce and a hash of the body, so a captured request cannot be
 * re-aimed at another endpoint, altered, replayed later (timestamp skew) or replayed now (nonce memory).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Header names of a signed request. */
export const SIGNATURE_HEADERS = {
  keyId: "x-hub-key-id",
  timestamp: "x-hub-timestamp",
  nonce: "x-hub-nonce",
  signature: "x-hub-signature",
} as const;

/** The four headers {@link signRequest} produces. */
export type SignedHeaders = Record<(typeof SIGNATURE_HEADERS)[keyof typeof SIGNATURE_HEADERS], string>;

/** Hex SHA-256 of a body (the empty string for a GET). */
export function sha256Hex(body: string | Buffer): string {
  return createHash("sha256").update(body).digest("hex");
}

/**
 * The string both sides sign: `${METHOD}\n${path}\n${timestamp}\n${nonce}\n${sha256hex(body)}`.
 * `path` is the request target as sent, query string included (e.g. `/api/referrals/R1/status`).
 */
export function canonicalString(method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`;
}

function hmacHex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text).digest("hex");
}

/**
 * Signs one request.
 * @param now the signing time (tests pass a fixed one); the timestamp is whole Unix seconds.
 * @returns the headers to add to the request.
 */
export function signRequest(secret: string, keyId: string, method: string, path: string, body: string | Buffer, now: Date = new Date()): SignedHeaders {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = randomBytes(16).toString("hex");
  return {
    [SIGNATURE_HEADERS.keyId]: keyId,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: hmacHex(secret, canonicalString(method, path, timestamp, nonce, body)),
  };
}

/** Why a signed request was refused. */
export type SignatureFailure = "BAD_SIGNATURE" | "STALE_TIMESTAMP" | "REPLAYED" | "UNKNOWN_KEY" | "MISSING_HEADERS";

/** Outcome of {@link verifySignedRequest}. */
export type VerifyResult = { ok: true; keyId: string } | { ok: false; code: SignatureFailure };

/** What {@link verifySignedRequest} needs to know about a request and its verifier. */
export interface VerifyInput {
  /** The secret of a key id, or undefined when the key is unknown (or revoked). */
  secretFor(keyId: string): string | undefined | Promise<string | undefined>;
  method: string;
  /** The request target as received, query string included. */
  path: string;
  /** The raw body bytes as received (the empty string for a GET). */
  body: string | Buffer;
  /** Request headers; names are matched case-insensitively, as node:http gives them lower-cased. */
  headers: Record<string, string | string[] | undefined>;
  now: Date;
  /** How far the timestamp may be from `now`, either way. Default 300. */
  maxSkewSeconds?: number;
  /**
   * Records a nonce and reports whether it was already seen (e.g. Redis `SET key 1 NX EX ttl`). Called only for
   * requests whose signature is valid, so forged requests cannot fill the nonce store.
   * @returns true if the nonce was seen before.
   */
  seenNonce(keyId: string, nonce: string, ttlSeconds: number): Promise<boolean>;
}

function header(headers: VerifyInput["headers"], name: string): string | undefined {
  const direct = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(direct) ? direct[0] : direct;
}

/**
 * Verifies a signed request: headers present, key known, timestamp within the skew, signature valid (compared in
 * constant time), nonce not seen within the window.
 */
export async function verifySignedRequest(input: VerifyInput): Promise<VerifyResult> {
  const keyId = header(input.headers, SIGNATURE_HEADERS.keyId);
  const timestamp = header(input.headers, SIGNATURE_HEADERS.timestamp);
  const nonce = header(input.headers, SIGNATURE_HEADERS.nonce);
  const signature = header(input.headers, SIGNATURE_HEADERS.signature);
  if (!keyId || !timestamp || !nonce || !signature) return { ok: false, code: "MISSING_HEADERS" };

  const secret = await input.secretFor(keyId);
  if (!secret) return { ok: false, code: "UNKNOWN_KEY" };

  const maxSkew = input.maxSkewSeconds ?? 300;
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isFinite(seconds) || Math.abs(input.now.getTime() / 1000 - seconds) > maxSkew) return { ok: false, code: "STALE_TIMESTAMP" };

  const expected = Buffer.from(hmacHex(secret, canonicalString(input.method, input.path, timestamp, nonce, input.body)), "hex");
  const given = /^[0-9a-fA-F]+$/.test(signature) ? Buffer.from(signature, "hex") : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: "BAD_SIGNATURE" };

  // A nonce must be remembered for as long as its timestamp is acceptable: skew on either side of the signing time.
  if (await input.seenNonce(keyId, nonce, 2 * maxSkew)) return { ok: false, code: "REPLAYED" };
  return { ok: true, keyId };
}
