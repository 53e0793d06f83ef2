/**
 * The query code (查询码) a petitioner is given at registration to look up progress without an account.
 *
 * 16 symbols of Crockford's base 32 (no I, L, O, U: nothing to misread on a receipt) are 80 random bits, shown as
 * four groups of four. With a per-client and per-petition limit on wrong guesses (citizen-lookup.ts), guessing one
 * is hopeless; the hub stores only a keyed digest of it, so a database reader cannot use it either.
 */
export const QUERY_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const QUERY_CODE_LENGTH = 16;

/** The field name bound into the keyed digest, so a query-code digest can never equal another blind index. */
export const QUERY_CODE_FIELD = "queryCode";

/** Formats 16 symbols drawn from `bytes` (at least 16 random bytes; each byte's low 5 bits pick a symbol). */
export function queryCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < QUERY_CODE_LENGTH) throw new Error("query code needs 16 random bytes");
  let s = "";
  for (let i = 0; i < QUERY_CODE_LENGTH; i++) s += QUERY_CODE_ALPHABET[bytes[i] & 31];
  return s.match(/.{4}/g)!.join("-");
}

/**
 * What a citizen typed, in canonical form, or null when it cannot be a query code: separators and case ignored, and
 * the letters Crockford maps (O→0, I/L→1) read as the digits they stand for.
 */
export function normaliseQueryCode(typed: string): string | null {
  const s = typed.replace(/[\s-]+/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== QUERY_CODE_LENGTH || [...s].some((c) => !QUERY_CODE_ALPHABET.includes(c))) return null;
  return s.match(/.{4}/g)!.join("-");
}
