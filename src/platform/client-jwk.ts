import { calculateJwkThumbprint, importJWK, JWK } from "jose";
import { BadInputError } from "../domain/errors";

/** Signature algorithms a client assertion may use, by key type (asymmetric only). */
export const ASSERTION_ALGS: Record<string, string[]> = {
  EC: ["ES256", "ES384", "ES512"],
  RSA: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
  OKP: ["EdDSA"],
};

const bad = (message: string) => new BadInputError(`publicJwk: ${message}`, [{ path: "publicJwk", message }]);

/**
 * Checks a client's registered key: a JSON public JWK of an asymmetric type, no private members, importable.
 * Returns the key to store (public members only) and its RFC 7638 thumbprint for the audit record.
 */
export async function parsePublicJwk(text: string): Promise<{ jwk: JWK; thumbprint: string }> {
  let raw: JWK;
  try {
    raw = JSON.parse(text) as JWK;
  } catch {
    throw bad("not valid JSON");
  }
  if (!raw || typeof raw !== "object" || !raw.kty || !ASSERTION_ALGS[raw.kty]) throw bad("expected an EC, RSA or OKP (Ed25519) public JWK");
  if (["d", "p", "q", "dp", "dq", "qi", "k"].some((m) => m in raw)) throw bad("contains private key material; register the public key only");
  const pub: JWK = { kty: raw.kty, crv: raw.crv, x: raw.x, y: raw.y, n: raw.n, e: raw.e, kid: raw.kid, alg: raw.alg };
  for (const k of Object.keys(pub) as (keyof JWK)[]) if (pub[k] === undefined) delete pub[k];
  if (pub.alg && !ASSERTION_ALGS[raw.kty].includes(pub.alg)) throw bad(`alg ${pub.alg} does not fit key type ${raw.kty}`);
  if (raw.kty === "RSA" && Buffer.from(raw.n ?? "", "base64url").length < 256) throw bad("RSA keys need at least 2048 bits");
  try {
    await importJWK(pub, pub.alg ?? ASSERTION_ALGS[raw.kty][0]);
  } catch {
    throw bad("not a usable key");
  }
  return { jwk: pub, thumbprint: await calculateJwkThumbprint(pub) };
}
