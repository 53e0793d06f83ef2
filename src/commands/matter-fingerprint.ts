import { normalisePii, PiiCrypto } from "../platform/pii-crypto";

/** The facts that make two items the same matter. */
export interface MatterFacts {
  category: string;
  localityOrgId: number;
  summary: string;
  request: string;
  petitioners: { name: string; idNumber?: string | null }[];
}

const norm = (s: string) => s.replace(/[\s\p{P}]+/gu, "").toLowerCase();

/**
 * Same facts and reasons from the same people at the same place: the key that Art. 36 termination blocks.
 * Keyed with the blind-index key, so the stored fingerprint reveals nothing about the ID numbers in it; rotating
 * the index key recomputes it (src/db/pii-rotation.ts).
 */
export function factsFingerprint(pii: PiiCrypto, i: MatterFacts): string {
  const who = i.petitioners.map((p) => (p.idNumber ? normalisePii(p.idNumber, "idNumber") : norm(p.name))).sort().join("|");
  return pii.keyedDigest(["matter", i.category, String(i.localityOrgId), norm(i.summary), norm(i.request), who]);
}
