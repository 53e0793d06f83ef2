import { Principal } from "./principal";
import { principalKind } from "./policy";

/**
 * Petition events of the bureau's own stability mechanisms (the city-visit fast track, repeat visits, bottom lines).
 * They tell that an item is on the city-controlled list, that letters went to a locality, that its petitioners are key
 * persons: nothing a special-group partner needs for its referral (PIPL Art. 34, purpose limitation).
 */
const STABILITY_EVENT_PREFIXES = ["cityVisit.", "visit.", "bottomLine."] as const;

/**
 * Whether a caller who may see a petition also sees this event of it on the change stream. A partner agency sees the
 * petition's lifecycle and its own referral's events, not the stability mechanisms'; everyone else who sees the
 * petition sees all of them (a special unit may be the locality a city-visit letter goes to).
 */
export const maySeePetitionEventType = (p: Principal, type: string): boolean =>
  principalKind(p) !== "PARTNER_AGENCY" || !STABILITY_EVENT_PREFIXES.some((prefix) => type.startsWith(prefix));
