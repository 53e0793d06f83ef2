import { HubDeps } from "../../commands/command-context";
import { reviewCityControlEntry } from "../../commands/review-city-control-entry";
import { setCityVisitResolutionDeadline } from "../../commands/set-city-visit-resolution-deadline";
import { sweepCityControl } from "../../commands/sweep-city-control";
import { OrgKind, OrgLevel, Role } from "../../domain/petition-terms";
import { CityControlEntryEntity, OrganizationEntity } from "../entities";
import { principalForOrg } from "../org-tree";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The showcase of the city bureau's supervision (issue 9 item 3): among the listed 市控 entries listed at least three
 * days ago (never the letters showcase), the bureau had set the oldest one a short resolution deadline that passed an
 * hour ago, and had reviewed the next one with a review date that passed yesterday. The supervision sweep then flags
 * both, so the screen shows one matter overdue (督办, with its accountability candidate) and one review due. All
 * through the real commands, at the instants they would have happened.
 */
export async function showDemoCityControlSupervision(deps: HubDeps, today: Date, exceptPetitionIds: readonly number[] = []): Promise<{ resolutionsOverdue: number; reviewsDue: number }> {
  const bureau = await deps.db.getRepository(OrganizationEntity).findOneBy({ kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY });
  if (!bureau) return { resolutionsOverdue: 0, reviewsDue: 0 };
  const leader = await principalForOrg(deps.db, bureau, "demo:city-control", [Role.LEADER]);
  const entries = (await deps.db.getRepository(CityControlEntryEntity).find({ order: { listedAt: "ASC" } })).filter(
    (e) => e.delistedAt === null && !exceptPetitionIds.includes(e.petitionId) && e.listedAt.getTime() <= today.getTime() - 3 * DAY_MS,
  );
  const [overdue, review] = entries;
  if (overdue) {
    const now = new Date(overdue.listedAt.getTime() + HOUR_MS);
    await setCityVisitResolutionDeadline(deps, { principal: leader, now, requestId: "demo:city-control:deadline" }, overdue.id, new Date(today.getTime() - HOUR_MS), "属地承诺限期化解");
  }
  if (review) {
    // Reviewed an hour after listing, with the next review on the following local day: that day has ended by today.
    const now = new Date(review.listedAt.getTime() + HOUR_MS);
    const nextReviewOn = deps.calc.calendar.addDays(deps.calc.calendar.localDate(now), 1);
    await reviewCityControlEntry(deps, { principal: leader, now, requestId: "demo:city-control:review" }, review.id, nextReviewOn, "仍需市控，次日复核");
  }
  return sweepCityControl(deps, today);
}
