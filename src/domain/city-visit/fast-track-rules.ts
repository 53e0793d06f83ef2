import { Channel, OrgKind, OrgLevel } from "../petition-terms";
import { CityAcceptance, LETTER_MARK, LetterKind } from "./city-visit-terms";

const DAY_MS = 86_400_000;

/**
 * Whether registering this item opens the fast track: a visit (走访) registered by the city-level petition department.
 * Decided from values the registration already holds, so ordinary registrations pay no statement for it.
 */
export function opensFastTrack(channel: Channel, registrar: { orgKind: OrgKind; orgLevel: OrgLevel }): boolean {
  return channel === Channel.VISIT && registrar.orgKind === OrgKind.PETITION_BUREAU && registrar.orgLevel === OrgLevel.CITY;
}

/** A letter's number: prefix, kind mark, year in 〔〕 and the per-year, per-kind sequence, e.g. 东信预〔2026〕7号. */
export const letterNumber = (prefix: string, kind: LetterKind, year: number, seq: number): string => `${prefix}${LETTER_MARK[kind]}〔${year}〕${seq}号`;

/** An instant `days` of 24 hours after `from` (response due dates, review date, resolution deadline). */
export const daysAfter = (from: Date, days: number): Date => new Date(from.getTime() + days * DAY_MS);

/** Another item on the same matter, as the fast track judges it. */
export interface OtherItem {
  petitionId: number;
  receivedAt: Date;
  /** The level of the organisation that registered it. */
  registeredAtLevel: OrgLevel;
  /** Due instants of its open statutory duties (routing, acceptance notice, handling, assigned result). */
  openDutyDueAts: Date[];
}

const LOWER_THAN_CITY: readonly OrgLevel[] = [OrgLevel.COUNTY, OrgLevel.TOWNSHIP];
const isLower = (l: OrgLevel) => LOWER_THAN_CITY.includes(l);

/** What the fast track records about the city-level item's place in its matter. */
export interface FastTrackAssessment {
  /** 越级: the registrar flagged it, or no earlier item of the matter was registered at a lower level. */
  levelSkipped: boolean;
  acceptance: CityAcceptance;
  /** The lower-level item whose handling period is still running (Art. 19), if any. */
  lowerPetitionId: number | null;
}

/**
 * Level skipping and the Art. 19 decision for a city-level item received at `receivedAt`, judged at `now` against the
 * other items of its matter. Skipped: the registration's levelSkipping flag, or no earlier lower-level item. Art. 19:
 * an earlier lower-level item with an open statutory duty due strictly after `now` is still within its handling
 * period, so the city-level item is flagged "not to be accepted here" (由下级处理).
 */
export function assessFastTrack(item: { levelSkippingFlag: boolean; receivedAt: Date }, others: readonly OtherItem[], now: Date): FastTrackAssessment {
  const earlierLower = others.filter((o) => isLower(o.registeredAtLevel) && o.receivedAt.getTime() <= item.receivedAt.getTime());
  const running = earlierLower.find((o) => o.openDutyDueAts.some((d) => d.getTime() > now.getTime()));
  return {
    levelSkipped: item.levelSkippingFlag || earlierLower.length === 0,
    acceptance: running ? CityAcceptance.LOWER_LEVEL_HANDLES : CityAcceptance.ACCEPT_HERE,
    lowerPetitionId: running?.petitionId ?? null,
  };
}

/** True when a letter still unanswered is strictly past its response due instant. */
export const isResponseOverdue = (l: { respondedAt: Date | null; responseDueAt: Date }, now: Date): boolean => l.respondedAt === null && now.getTime() > l.responseDueAt.getTime();
