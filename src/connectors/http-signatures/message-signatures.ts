/**
 * HTTP Message Signatures (RFC 9421), the subset the partner contract uses: requests only, derived components
 * `@method`, `@target-uri`, `@authority`, `@path`, `@query` and plain header fields, algorithms `ed25519` and
 * `hmac-sha256`, one signature label per message. The signature base is built exactly as RFC 9421 §2.5 says;
 * test/unit/http-signatures.test.ts checks it against the RFC's Appendix B.2.6 vector and our published vectors
 * (docs/partners/test-vectors.json).
 */
import { KeyObject, createHmac, randomBytes, sign as edSign, timingSafeEqual, verify as edVerify } from "node:crypto";
import { BareItem, DictMember, StructuredFieldError, parseDictionary, serializeString } from "./structured-fields";

/** Algorithms of the contract (RFC 9421 §3.3 names). */
export type SignatureAlg = "ed25519" | "hmac-sha256";

/** A key the hub (or a partner) signs with. */
export type SigningKey = { kid: string; alg: "ed25519"; privateKey: KeyObject } | { kid: string; alg: "hmac-sha256"; secret: Buffer };

/** A key a verifier checks with, found by `keyid`. */
export type VerifyingKey = { kid: string; alg: "ed25519"; publicKey: KeyObject } | { kid: string; alg: "hmac-sha256"; secret: Buffer };

/** The request as both sides see it. */
export interface SignableRequest {
  method: string;
  /** The full target URI, e.g. `https://hub.example.gov.cn/agency-callback`. */
  targetUri: string;
  /** Header fields; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
}

/** The components every signature of the contract must cover, in this order when the hub signs. */
export const REQUIRED_COMPONENTS = ["@method", "@target-uri", "content-digest"] as const;

/** The label the hub signs under. Verifiers accept any label; the contract allows one signature per message. */
export const HUB_SIGNATURE_LABEL = "hub";

function headerValue(headers: SignableRequest["headers"], name: string): string | undefined {
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  const v = found?.[1];
  if (v === undefined) return undefined;
  // RFC 9421 §2.1: several field lines are combined with ", ", each value trimmed of surrounding whitespace.
  return (Array.isArray(v) ? v : [v]).map((x) => x.trim()).join(", ");
}

/** Thrown when a covered component cannot be produced from the message (e.g. a header that is not there). */
export class MissingComponentError extends Error {}

/** The value of one component identifier for a request (RFC 9421 §2.1, §2.2). */
export function componentValue(req: SignableRequest, id: string): string {
  if (!id.startsWith("@")) {
    if (id !== id.toLowerCase()) throw new MissingComponentError(`field names must be lower case: ${id}`);
    const v = headerValue(req.headers, id);
    if (v === undefined) throw new MissingComponentError(`header ${id} is not in the message`);
    return v;
  }
  // The two components every signature covers need no URL parse (two per signature, on the delivery path).
  if (id === "@method") return req.method.toUpperCase();
  if (id === "@target-uri") return req.targetUri;
  const url = new URL(req.targetUri);
  switch (id) {
    case "@authority":
      return url.host.toLowerCase();
    case "@scheme":
      return url.protocol.replace(/:$/, "").toLowerCase();
    case "@path":
      return url.pathname || "/";
    case "@query":
      return url.search || "?";
    case "@request-target":
      return `${url.pathname || "/"}${url.search}`;
    default:
      throw new MissingComponentError(`derived component ${id} is not supported`);
  }
}

function serializeBare(v: BareItem): string {
  if (typeof v === "string") return serializeString(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") return v ? "?1" : "?0";
  if (Buffer.isBuffer(v)) return `:${v.toString("base64")}:`;
  return v.token;
}

/** The `@signature-params` value: the inner list of components and the parameters, in order. */
export function serializeSignatureParams(components: readonly string[], params: ReadonlyMap<string, BareItem> | [string, BareItem][]): string {
  const entries: [string, BareItem][] = Array.isArray(params) ? params : [...(params as ReadonlyMap<string, BareItem>).entries()];
  const ps = entries.map(([k, v]) => (v === true ? `;${k}` : `;${k}=${serializeBare(v)}`)).join("");
  return `(${components.map(serializeString).join(" ")})${ps}`;
}

/**
 * The signature base (RFC 9421 §2.5): one line per covered component, then the `@signature-params` line,
 * joined with LF and with no trailing newline.
 * @throws MissingComponentError when a component is absent from the message.
 */
export function signatureBase(req: SignableRequest, components: readonly string[], signatureParams: string): string {
  const seen = new Set<string>();
  const lines = components.map((id) => {
    if (seen.has(id)) throw new MissingComponentError(`component ${id} listed twice`);
    seen.add(id);
    return `${serializeString(id)}: ${componentValue(req, id)}`;
  });
  lines.push(`"@signature-params": ${signatureParams}`);
  return lines.join("\n");
}

/** Signs bytes with a key (Ed25519 per RFC 8032, no prehash; or HMAC-SHA256). */
export function rawSign(key: SigningKey, base: string): Buffer {
  return key.alg === "ed25519" ? edSign(null, Buffer.from(base, "utf8"), key.privateKey) : createHmac("sha256", key.secret).update(base, "utf8").digest();
}

function rawVerify(key: VerifyingKey, base: string, signature: Buffer): boolean {
  if (key.alg === "ed25519") return signature.length === 64 && edVerify(null, Buffer.from(base, "utf8"), key.publicKey, signature);
  const expected = createHmac("sha256", key.secret).update(base, "utf8").digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}

/** Options of {@link signRequest}. */
export interface SignOptions {
  /** Defaults to now; whole Unix seconds are signed. */
  now?: Date;
  /** Defaults to 16 random bytes, base64url; lets a receiver tell two otherwise identical requests apart. */
  nonce?: string;
  /** Defaults to {@link REQUIRED_COMPONENTS}. */
  components?: readonly string[];
  label?: string;
}

/**
 * Signs a request: returns the `Signature-Input` and `Signature` header values to add. The caller adds
 * `Content-Digest` first (it is covered).
 */
export function signRequest(req: SignableRequest, key: SigningKey, opts: SignOptions = {}): { "signature-input": string; signature: string } {
  const components = opts.components ?? REQUIRED_COMPONENTS;
  const created = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const params: [string, BareItem][] = [
    ["created", created],
    ["keyid", key.kid],
    ["alg", key.alg],
    ["nonce", opts.nonce ?? randomBytes(16).toString("base64url")],
  ];
  const sp = serializeSignatureParams(components, params);
  const sig = rawSign(key, signatureBase(req, components, sp));
  const label = opts.label ?? HUB_SIGNATURE_LABEL;
  return { "signature-input": `${label}=${sp}`, signature: `${label}=:${sig.toString("base64")}:` };
}

/** Why a signature was refused; each is a stable code in the refusal body. */
export type SignatureRefusal =
  | "SIGNATURE_MISSING"
  | "SIGNATURE_MALFORMED"
  | "SIGNATURE_COMPONENT_MISSING"
  | "SIGNATURE_UNKNOWN_KEY"
  | "SIGNATURE_ALG_MISMATCH"
  | "SIGNATURE_STALE"
  | "SIGNATURE_INVALID";

/** Outcome of {@link verifyRequest}. */
export type VerifyOutcome =
  | { ok: true; keyid: string; created: number; nonce?: string; signature: Buffer; label: string }
  | { ok: false; code: SignatureRefusal; detail: string };

/** What {@link verifyRequest} checks against. */
export interface VerifyPolicy {
  keyFor(keyid: string): VerifyingKey | undefined | Promise<VerifyingKey | undefined>;
  now: Date;
  /** Allowed distance of `created` from now, either way. Default 300 s. */
  maxSkewSeconds?: number;
  /** Components that must be covered. Default {@link REQUIRED_COMPONENTS}. */
  required?: readonly string[];
}

/**
 * Verifies the one signature of a request: both headers present and well-formed, the required components and
 * `created` + `keyid` present, the key known, `alg` (if given) matching the key, `created` within the skew (and
 * `expires`, if given, not passed), and the signature valid. Replay is the caller's job (it needs storage):
 * remember `keyid` + signature for twice the skew and refuse a repeat.
 */
export async function verifyRequest(req: SignableRequest, policy: VerifyPolicy): Promise<VerifyOutcome> {
  const refuse = (code: SignatureRefusal, detail: string): VerifyOutcome => ({ ok: false, code, detail });
  const inputHeader = headerValue(req.headers, "signature-input");
  const sigHeader = headerValue(req.headers, "signature");
  if (!inputHeader || !sigHeader) return refuse("SIGNATURE_MISSING", "Signature-Input and Signature headers are required");
  let inputs: Map<string, DictMember>;
  let sigs: Map<string, DictMember>;
  try {
    inputs = parseDictionary(inputHeader);
    sigs = parseDictionary(sigHeader);
  } catch (e) {
    if (e instanceof StructuredFieldError) return refuse("SIGNATURE_MALFORMED", e.message);
    throw e;
  }
  if (inputs.size !== 1) return refuse("SIGNATURE_MALFORMED", "exactly one signature label is expected");
  const [label, input] = [...inputs.entries()][0];
  const sig = sigs.get(label);
  if (input.kind !== "list") return refuse("SIGNATURE_MALFORMED", "Signature-Input member must be an inner list");
  if (!sig || sig.kind !== "item" || !Buffer.isBuffer(sig.value)) return refuse("SIGNATURE_MALFORMED", `no byte-sequence Signature for label ${label}`);

  for (const id of policy.required ?? REQUIRED_COMPONENTS)
    if (!input.items.includes(id)) return refuse("SIGNATURE_COMPONENT_MISSING", `the signature must cover ${id}`);
  const created = input.params.get("created");
  const keyid = input.params.get("keyid");
  const alg = input.params.get("alg");
  const expires = input.params.get("expires");
  const nonce = input.params.get("nonce");
  if (typeof created !== "number" || !Number.isInteger(created)) return refuse("SIGNATURE_COMPONENT_MISSING", "the created parameter (integer) is required");
  if (typeof keyid !== "string" || !keyid) return refuse("SIGNATURE_COMPONENT_MISSING", "the keyid parameter (string) is required");
  if (alg !== undefined && typeof alg !== "string") return refuse("SIGNATURE_MALFORMED", "alg must be a string");
  if (expires !== undefined && typeof expires !== "number") return refuse("SIGNATURE_MALFORMED", "expires must be an integer");
  if (nonce !== undefined && typeof nonce !== "string") return refuse("SIGNATURE_MALFORMED", "nonce must be a string");

  const key = await policy.keyFor(keyid);
  if (!key) return refuse("SIGNATURE_UNKNOWN_KEY", `no key ${keyid}`);
  if (alg !== undefined && alg !== key.alg) return refuse("SIGNATURE_ALG_MISMATCH", `key ${keyid} is ${key.alg}, not ${alg}`);

  const nowS = policy.now.getTime() / 1000;
  const skew = policy.maxSkewSeconds ?? 300;
  if (Math.abs(nowS - created) > skew) return refuse("SIGNATURE_STALE", `created is more than ${skew} s from the verifier's clock`);
  if (typeof expires === "number" && nowS > expires) return refuse("SIGNATURE_STALE", "the signature has expired");

  let base: string;
  try {
    base = signatureBase(req, input.items, serializeSignatureParams(input.items, input.params));
  } catch (e) {
    if (e instanceof MissingComponentError || e instanceof StructuredFieldError) return refuse("SIGNATURE_COMPONENT_MISSING", e.message);
    throw e;
  }
  if (!rawVerify(key, base, sig.value)) return refuse("SIGNATURE_INVALID", "the signature does not match the message");
  return { ok: true, keyid, created, nonce: typeof nonce === "string" ? nonce : undefined, signature: sig.value, label };
}
