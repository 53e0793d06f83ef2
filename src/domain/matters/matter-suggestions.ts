/** Why an earlier item is suggested as the same matter. */
export type SuggestionReason = "SAME_PETITIONER_ID" | "SAME_PETITIONER_PHONE" | "SAME_UNIT" | "SAME_REQUEST";

/** The comparable keys of an item: blind indexes of its petitioners, its units and its normalised request. */
export interface MatterKeys {
  /** Blind indexes (keyed HMAC) of the petitioners' ID numbers; never the numbers themselves. */
  idIndexes: readonly string[];
  /** Blind indexes of the petitioners' phones. */
  phoneIndexes: readonly string[];
  localityOrgId: number;
  accusedOrgId: number | null;
  /** Digest of the normalised request (matter-fingerprint.ts `requestDigest`); null for legacy rows. */
  requestDigest: string | null;
  /** Length of the normalised request, to tell a specific request from a generic one. */
  requestLength: number;
}

/**
 * A request shorter than this (after normalisation: no spaces, no punctuation) is generic ("请求解决问题") and
 * never makes a suggestion without a shared identity.
 */
export const MIN_SPECIFIC_REQUEST = 12;

const shares = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** Every reason the two items have in common, in a fixed order. Names are never compared. */
export function suggestionReasons(item: MatterKeys, earlier: MatterKeys): SuggestionReason[] {
  const reasons: SuggestionReason[] = [];
  if (shares(item.idIndexes, earlier.idIndexes)) reasons.push("SAME_PETITIONER_ID");
  if (shares(item.phoneIndexes, earlier.phoneIndexes)) reasons.push("SAME_PETITIONER_PHONE");
  if (item.localityOrgId === earlier.localityOrgId || (item.accusedOrgId !== null && item.accusedOrgId === earlier.accusedOrgId)) reasons.push("SAME_UNIT");
  if (item.requestDigest !== null && item.requestDigest === earlier.requestDigest) reasons.push("SAME_REQUEST");
  return reasons;
}

/**
 * Whether shared reasons amount to a suggestion: the same person (by ID number or phone), or — for items without a
 * shared identity (anonymous, by telephone without an ID) — the same unit and the same specific request. A shared
 * unit alone, a generic request, or a name alone never does.
 */
export function isSuggestion(reasons: readonly SuggestionReason[], item: Pick<MatterKeys, "requestLength">): boolean {
  if (reasons.includes("SAME_PETITIONER_ID") || reasons.includes("SAME_PETITIONER_PHONE")) return true;
  return reasons.includes("SAME_UNIT") && reasons.includes("SAME_REQUEST") && item.requestLength >= MIN_SPECIFIC_REQUEST;
}
