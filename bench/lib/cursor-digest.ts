/** The digest both sides of the subscriptions bench compute over a sequence of change cursors. */

/** FNV-1a 32-bit offset basis and prime. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/**
 * FNV-1a (32 bit) over each cursor's bytes followed by a newline, in receipt order: equal for two sequences of cursors
 * only if they are (up to a 2^-32 collision) the same sequence. Cursors are ASCII, so chars and bytes agree.
 */
export function cursorDigest(cursors: readonly string[]): number {
  let h = FNV_OFFSET;
  for (const c of cursors) {
    for (let i = 0; i < c.length; i++) h = Math.imul(h ^ c.charCodeAt(i), FNV_PRIME);
    h = Math.imul(h ^ 0x0a, FNV_PRIME);
  }
  return h >>> 0;
}
