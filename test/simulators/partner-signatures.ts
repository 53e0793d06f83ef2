/**
 * The partners' side of RFC 9421 HTTP Message Signatures, written from the RFC for the simulators and on purpose
 * sharing no code with the hub (src/connectors/http-signatures): node:crypto and regular expressions only. If the
 * hub's signer drifts from the RFC, these verifiers refuse its deliveries and the contract suite fails. Only what
 * the partner contract uses is supported: one signature, components `@method`, `@target-uri`, `content-digest`
 * (plus any header field), parameters created/keyid/alg/nonce, Ed25519 or HMAC-SHA256.
 */
import { createHash, createHmac, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject, randomBytes, sign, timingSafeEqual, verify } from "node:crypto";

/** A public Ed25519 JWK with its key id. */
export type PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string };

/** What a simulator verifies with, by key id. */
export type PartnerVerifyKey = { alg: "ed25519"; key: KeyObject } | { alg: "hmac-sha256"; secret: string };

/** The partner's own refusal codes (401 bodies); deliberately not the hub's vocabulary. */
export type PartnerRefusal = "MISSING_SIGNATURE" | "BAD_SIGNATURE_INPUT" | "NOT_COVERED" | "UNKNOWN_KEY" | "STALE" | "DIGEST_MISMATCH" | "BAD_SIGNATURE" | "REPLAYED";

const COVER = ["@method", "@target-uri", "content-digest"];

function digestOf(body: string): string {
  return `sha-256=:${createHash("sha256").update(body, "utf8").digest("base64")}:`;
}

function one(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h.join(", ") : h;
}

/** Remembers signatures for the replay window (a real partner would use its cache). */
export class SeenSignatures {
  private readonly seen = new Map<string, number>();
  /** @returns true when the signature was seen before within ttl. */
  check(sig: string, ttlMs: number): boolean {
    const now = Date.now();
    // Entries are kept in insertion order, so with one ttl their expiries only grow: stop at the first live one.
    // (Sweeping the whole map per request made a bench run of n deliveries cost O(n²).) A caller mixing ttls can
    // only keep an expired entry a little longer, never forget a live one.
    for (const [k, exp] of this.seen) {
      if (exp >= now) break;
      this.seen.delete(k);
    }
    const exp = this.seen.get(sig);
    if (exp !== undefined && exp >= now) return true;
    this.seen.delete(sig); // an expired entry further in: re-insert at the end, keeping the order
    this.seen.set(sig, now + ttlMs);
    return false;
  }
}

/** A request as the simulator received it. */
export interface ReceivedRequest {
  method: string;
  /** Reconstructed `http://host/path?query`. */
  targetUri: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Verifies the hub's signature on a request the simulator received. */
export async function verifyHubSignature(
  r: ReceivedRequest,
  keyFor: (kid: string) => Promise<PartnerVerifyKey | undefined>,
  seen: SeenSignatures,
  maxSkewS = 300,
): Promise<{ ok: true; kid: string } | { ok: false; code: PartnerRefusal }> {
  const input = one(r.headers["signature-input"]);
  const signature = one(r.headers["signature"]);
  if (!input || !signature) return { ok: false, code: "MISSING_SIGNATURE" };
  const m = /^([a-z][a-z0-9_-]*)=\(((?:"[^"]*"\s?)*)\)((?:;[a-z]+=(?:"[^"]*"|\d+))*)$/.exec(input.trim());
  if (!m) return { ok: false, code: "BAD_SIGNATURE_INPUT" };
  const [, label, list, paramText] = m;
  const components = [...list.matchAll(/"([^"]*)"/g)].map((x) => x[1]);
  const params = new Map([...paramText.matchAll(/;([a-z]+)=("[^"]*"|\d+)/g)].map((x) => [x[1], x[2].startsWith('"') ? x[2].slice(1, -1) : Number(x[2])] as const));
  const sm = new RegExp(`(?:^|,\\s*)${label}=:([A-Za-z0-9+/=]+):`).exec(signature);
  if (!sm) return { ok: false, code: "BAD_SIGNATURE_INPUT" };
  if (!COVER.every((c) => components.includes(c)) || typeof params.get("created") !== "number" || typeof params.get("keyid") !== "string") return { ok: false, code: "NOT_COVERED" };
  const kid = params.get("keyid") as string;
  const key = await keyFor(kid);
  if (!key) return { ok: false, code: "UNKNOWN_KEY" };
  if (params.has("alg") && params.get("alg") !== key.alg) return { ok: false, code: "BAD_SIGNATURE" };
  if (Math.abs(Date.now() / 1000 - (params.get("created") as number)) > maxSkewS) return { ok: false, code: "STALE" };
  if (one(r.headers["content-digest"]) !== digestOf(r.body)) return { ok: false, code: "DIGEST_MISMATCH" };

  const lines: string[] = [];
  for (const c of components) {
    let v: string | undefined;
    if (c === "@method") v = r.method.toUpperCase();
    else if (c === "@target-uri") v = r.targetUri;
    else if (c.startsWith("@")) return { ok: false, code: "NOT_COVERED" };
    else v = one(r.headers[c])?.trim();
    if (v === undefined) return { ok: false, code: "NOT_COVERED" };
    lines.push(`"${c}": ${v}`);
  }
  lines.push(`"@signature-params": ${input.trim().slice(label.length + 1)}`);
  const base = Buffer.from(lines.join("\n"), "utf8");
  const given = Buffer.from(sm[1], "base64");
  let valid: boolean;
  if (key.alg === "ed25519") valid = given.length === 64 && verify(null, base, key.key, given);
  else {
    const want = createHmac("sha256", key.secret).update(base).digest();
    valid = want.length === given.length && timingSafeEqual(want, given);
  }
  if (!valid) return { ok: false, code: "BAD_SIGNATURE" };
  if (seen.check(`${kid}:${sm[1]}`, 2 * maxSkewS * 1000)) return { ok: false, code: "REPLAYED" };
  return { ok: true, kid };
}

/** A partner's callback signing key. */
export type PartnerSigningKey = { kid: string; alg: "ed25519"; privateKey: KeyObject } | { kid: string; alg: "hmac-sha256"; secret: string };

/**
 * Signs a callback the way the contract asks a partner to: Content-Digest, then Signature-Input/Signature over
 * `@method`, `@target-uri`, `content-digest` with created, keyid, alg and a nonce. `created` may be given (tests).
 */
export function signAsPartner(method: string, targetUri: string, body: string, key: PartnerSigningKey, created = Math.floor(Date.now() / 1000), components = COVER): Record<string, string> {
  const digest = digestOf(body);
  const nonce = randomBytes(12).toString("base64url");
  const params = `(${components.map((c) => `"${c}"`).join(" ")});created=${created};keyid="${key.kid}";alg="${key.alg}";nonce="${nonce}"`;
  const value = (c: string) => (c === "@method" ? method.toUpperCase() : c === "@target-uri" ? targetUri : c === "content-digest" ? digest : "");
  const base = [...components.map((c) => `"${c}": ${value(c)}`), `"@signature-params": ${params}`].join("\n");
  const sig = key.alg === "ed25519" ? sign(null, Buffer.from(base), key.privateKey) : createHmac("sha256", key.secret).update(base).digest();
  return { "content-digest": digest, "signature-input": `cb=${params}`, signature: `cb=:${sig.toString("base64")}:` };
}

/** A fresh Ed25519 key pair for a partner, with the public half as a JWK. */
export function partnerKeyPair(kid: string): { signing: PartnerSigningKey; publicJwk: PublicJwk; privateJwk: JsonWebKey & { kid: string } } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const { x } = publicKey.export({ format: "jwk" });
  return { signing: { kid, alg: "ed25519", privateKey }, publicJwk: { kty: "OKP", crv: "Ed25519", x: x!, kid }, privateJwk: { ...privateKey.export({ format: "jwk" }), kid } };
}

/**
 * The hub's public keys as a partner holds them: static keys given at start, plus the hub's published JWKS
 * (GET /.well-known/partner-keys.json) once its URL is known, fetched again when an unknown kid shows up.
 */
export class HubKeyCache {
  private readonly keys = new Map<string, KeyObject>();
  private url: string | null = null;

  constructor(initial: PublicJwk[] = []) {
    for (const k of initial) this.add(k);
  }

  private add(k: { kid?: string; x?: string }): void {
    if (k.kid && k.x) this.keys.set(k.kid, createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: k.x } as JsonWebKey, format: "jwk" }));
  }

  /** From now on, also trust what the hub publishes at this URL. */
  useJwksUrl(url: string): void {
    this.url = url;
  }

  async get(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys.has(kid) && this.url) {
      const res = await fetch(this.url).catch(() => null);
      if (res?.ok) for (const k of ((await res.json()) as { keys: PublicJwk[] }).keys) this.add(k);
    }
    return this.keys.get(kid);
  }
}

/** The hub key the simulators trust by default; the contract suite's connectors sign with its private half. */
export const DEFAULT_HUB_TEST_KEY = partnerKeyPair("hub-test-key");
