import { createHash } from "node:crypto";
import { normalisePii, PiiCrypto } from "../platform/pii-crypto";

/** The facts that make two items the same matter. */
export interface MatterFacts {
  category: string;
  localityOrgId: number;
  summary: string;
  request: string;
  petitioners: { name: string; idNumber?: string | null }[];
}

/** Text as compared for matters: no whitespace, no punctuation, lower case ("请求 补发。" = "请求补发"). */
export const normaliseText = (s: string) => s.replace(/[\s\p{P}]+/gu, "").toLowerCase();

/**
 * A keyed record of the facts a matter was opened with, stored on the matter. It decides nothing any more: links
 * between items are suggested by identity, unit and request and confirmed by a person (src/domain/matters), never by
 * this value, and registration is never refused (Art. 22). Keyed with the blind-index key, so the stored value
 * reveals nothing about the ID numbers in it; rotating the index key recomputes it (src/db/pii-rotation.ts).
 */
export function factsFingerprint(pii: PiiCrypto, i: MatterFacts): string {
  const who = i.petitioners.map((p) => (p.idNumber ? normalisePii(p.idNumber, "idNumber") : normaliseText(p.name))).sort().join("|");
  return pii.keyedDigest(["matter", i.category, String(i.localityOrgId), normaliseText(i.summary), normaliseText(i.request), who]);
}

/**
 * SHA-256 (hex) of the normalised request, so "the same request" is one indexed comparison. Unkeyed on purpose: the
 * request is stored in clear in the same row, so the digest reveals nothing the row does not.
 */
export const requestDigest = (request: string) => createHash("sha256").update(normaliseText(request)).digest("hex");
