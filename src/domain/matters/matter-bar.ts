import { PetitionState } from "../petition-terms";
import { MatterLink } from "./matter-link";

/** A petitioner's window on an item, as stored (kinds REVIEW_REQUEST_WINDOW and REREVIEW_REQUEST_WINDOW). */
export interface ReviewWindowFacts {
  state: string;
  dueAt: Date;
  closedAt: Date | null;
}

/** What the Art. 36 bar needs to know about one other item of the matter. */
export interface MatterItemFacts {
  petitionId: number;
  state: PetitionState;
  link: MatterLink;
  /** Every state the item has been in (from its history); REREVIEWED among them means a 复核 opinion was issued. */
  reachedStates: readonly string[];
  /** The petitioner's 复查 and 复核 request windows the item opened (only handling and review opinions open them). */
  reviewWindows: readonly ReviewWindowFacts[];
}

/** Why a matter bars acceptance (Art. 36). */
export type BarReason = "REREVIEW_COMPLETE" | "REVIEW_WINDOW_LAPSED" | "MEDIATION_AGREEMENT";

export type MatterBar = { barred: false } | { barred: true; byPetitionId: number; reason: BarReason };

/** The legal basis recorded on the NOT_ACCEPTED decision the bar produces. */
export const NO_LONGER_ACCEPTED_BASIS = "信访工作条例 第36条 不再受理";

/**
 * True when the petitioner let a review window run out: it was never used (a used window is MET) and its due time
 * passed before it was closed (a termination after the lapse closes it as CANCELLED) or before `now` if still open.
 */
export function windowLapsed(w: ReviewWindowFacts, now: Date): boolean {
  if (w.state === "LAPSED") return true;
  if (w.state === "MET") return false;
  return (w.closedAt ?? now) > w.dueAt;
}

/** An item that was not accepted or was diverted never had the matter handled, so it never bars (Arts. 31, 36). */
const NEVER_BARS: readonly PetitionState[] = [PetitionState.NOT_ACCEPTED, PetitionState.DIVERTED];

/** The configured rules the bar follows beyond Art. 36 itself. */
export interface BarRules {
  /** Shandong Art. 46(1): a mediation agreement ends the matter, so the same facts are no longer accepted after it. */
  mediationEndsMatter: boolean;
}

/**
 * Art. 36: "same facts and reasons" are no longer accepted once the matter's 复核 is complete, or once the
 * petitioner's review window lapsed after a handling (or review) opinion. Only a link a person confirmed counts: the
 * item being accepted and the barring item must both belong to the matter by confirmation or by having opened it;
 * an unconfirmed (legacy, automatic) membership on either side never bars. Where the province ends a matter on a
 * mediation agreement (`rules.mediationEndsMatter`), a mediated item bars like a complete 复核. Pure: the command loads
 * the facts.
 */
// Stryker disable next-line ObjectLiteral: equivalent, an absent mediationEndsMatter is falsy like false
export function matterBar(item: { petitionId: number; link: MatterLink }, others: readonly MatterItemFacts[], now: Date, rules: BarRules = { mediationEndsMatter: false }): MatterBar {
  if (item.link === "UNCONFIRMED") return { barred: false };
  for (const o of others) {
    if (o.petitionId === item.petitionId || o.link === "UNCONFIRMED" || NEVER_BARS.includes(o.state)) continue;
    if (o.reachedStates.includes(PetitionState.REREVIEWED)) return { barred: true, byPetitionId: o.petitionId, reason: "REREVIEW_COMPLETE" };
    if (o.reviewWindows.some((w) => windowLapsed(w, now))) return { barred: true, byPetitionId: o.petitionId, reason: "REVIEW_WINDOW_LAPSED" };
    if (rules.mediationEndsMatter && o.reachedStates.includes(PetitionState.MEDIATED)) return { barred: true, byPetitionId: o.petitionId, reason: "MEDIATION_AGREEMENT" };
  }
  return { barred: false };
}
