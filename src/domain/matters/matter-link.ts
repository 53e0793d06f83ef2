/**
 * How an item belongs to its matter (信访事项). Registration never decides that an item is "the same matter" as
 * an earlier one (Art. 22 makes registration unconditional); a person does:
 * - `OWN`: the item opened its own matter at registration (the default).
 * - `CONFIRMED`: a registrar or case officer confirmed that it belongs to an earlier item's matter.
 * - `UNCONFIRMED`: joined by the old automatic facts fingerprint before links were confirmed by people
 *   (migration MatterLinks); it never bars anything until a person confirms it.
 */
export type MatterLink = "OWN" | "CONFIRMED" | "UNCONFIRMED";

/** A recorded decision on a matter link (kept with its reason and actor in matter_link_decision). */
export type MatterLinkDecision = "LINKED" | "UNLINKED" | "REJECTED";
