import { Channel } from "../petition-terms";
import { MatterLink } from "../matters/matter-link";

/** What the repeat-visit rule needs of one item of a matter. */
export interface VisitItemFacts {
  petitionId: number;
  channel: string;
  link: MatterLink;
  receivedAt: Date;
}

/** Only a person's link counts (OWN or CONFIRMED): a legacy automatic join (UNCONFIRMED) decides nothing. */
const counts = (i: VisitItemFacts) => i.link !== "UNCONFIRMED";

/** Oldest first by receipt, then by id (the registration order). */
const byReceipt = (a: VisitItemFacts, b: VisitItemFacts) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.petitionId - b.petitionId;

/**
 * 最多访一次: the in-person items of a matter that are repeat visits — every VISIT item but the earliest one. Whichever
 * way items came together (a later visit linked to an earlier matter, or an earlier visit linked into a later one),
 * the one received first is the first visit and the others are repeats. Pure.
 */
export function repeatVisits(items: readonly VisitItemFacts[]): number[] {
  const visits = items.filter((i) => counts(i) && i.channel === Channel.VISIT).sort(byReceipt);
  return visits.slice(1).map((i) => i.petitionId);
}

/** The alert's dedupe keys for one repeat-visit item: one for the owner, one for its supervisor. Per item, so relinking never raises again. */
export const repeatVisitKeys = (petitionId: number) => ({ owner: `repeat-visit:${petitionId}:owner`, supervisor: `repeat-visit:${petitionId}:supervisor` });

/** What the first receiving unit and its supervisor must do about a repeat visit (首接首办, 最多访一次). */
export const REPEAT_VISIT_ACTIONS: readonly string[] = [
  "首接单位负责人当面接谈，核实前次来访办理情况",
  "查明重复来访原因（未受理、未答复、答复未落实或新诉求）",
  "明确化解责任人和办结时限并告知信访人",
  "上级信访部门跟踪督办，防止再次来访",
];

/** A unit an alert about an item could go to: its organisation path (itself first) and whether it is the city bureau. */
export interface AlertRecipient {
  orgId: number;
  path: readonly number[];
  cityBureau: boolean;
}

/**
 * Art. 30: an alert naming an accusation never goes to the accused unit or a unit under it. The city bureau is exempt,
 * as for visibility (it routes accusations and is bound by Art. 30 itself). Pure.
 */
export const mayBeAlertedAbout = (r: AlertRecipient, accusedOrgId: number | null): boolean => r.cityBureau || accusedOrgId === null || !r.path.includes(accusedOrgId);
