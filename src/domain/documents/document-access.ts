import { isAccusedOrUnder } from "../access/visibility";
import type { Principal } from "../access/principal";
import type { PetitionView } from "../access/projection";

/**
 * Whether a caller who can see a petition may list and download its documents: its view must include `documents`
 * (everyone with the full view; partner agencies and special units only when their projection names it, which the
 * default does not: materials carry ID-card copies and certificates beyond a referral's need). The accused unit is
 * checked again here although it never sees the petition at all (defence in depth: Art. 30).
 */
export function mayReadDocuments(p: Principal, view: PetitionView, accusedOrgId: number | null): boolean {
  return !isAccusedOrUnder(p, accusedOrgId) && view.fields.has("documents");
}
