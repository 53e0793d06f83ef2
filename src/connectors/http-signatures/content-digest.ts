/**
 * Content-Digest (RFC 9530) with sha-256, the digest every signed request and callback of the partner contract
 * carries and covers with its signature: the signature protects the digest, the digest protects the body.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { StructuredFieldError, parseDictionary } from "./structured-fields";

/** `sha-256=:<base64>:` of the exact body bytes (an empty body has a digest too). */
export function contentDigest(body: string | Buffer): string {
  return `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
}

/** Why a Content-Digest header does not vouch for a body. */
export type DigestFailure = "MISSING" | "MALFORMED" | "UNSUPPORTED" | "MISMATCH";

/**
 * Checks a Content-Digest header against the body. Only sha-256 is accepted; other algorithms in the same
 * header are ignored, but at least one sha-256 member must be present and match.
 */
export function checkContentDigest(header: string | undefined, body: string | Buffer): { ok: true } | { ok: false; why: DigestFailure } {
  if (!header) return { ok: false, why: "MISSING" };
  let dict;
  try {
    dict = parseDictionary(header);
  } catch (e) {
    if (e instanceof StructuredFieldError) return { ok: false, why: "MALFORMED" };
    throw e;
  }
  const member = dict.get("sha-256");
  if (!member) return { ok: false, why: "UNSUPPORTED" };
  if (member.kind !== "item" || !Buffer.isBuffer(member.value)) return { ok: false, why: "MALFORMED" };
  const expected = createHash("sha256").update(body).digest();
  const given = member.value;
  return given.length === expected.length && timingSafeEqual(given, expected) ? { ok: true } : { ok: false, why: "MISMATCH" };
}
