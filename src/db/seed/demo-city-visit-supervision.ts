import { HubDeps } from "../../commands/command-context";
import { reviewCityControlEntry } from "../../commands/review-city-control-entry";
import { sweepCityControl } from "../../commands/sweep-city-control";
import { OrgKind, OrgLevel, Role } from "../../domain/petition-terms";
import { CityControlEntryEntity, OrganizationEntity } from "../entities";
import { principalForOrg } from "../org-tree";

/** How far ahead the demo's review sets the next review date. */
const NEXT_REVIEW_IN_DAYS = 14;

/**
 * The city bureau's supervision of the 市控 list in the demo (issue 9 item 3). The demo's city visits were registered
 * up to 300 days ago with the default periods (review 30 days, resolution 60 days), so the supervision sweep finds the
 * old unresolved ones past their resolution deadline (督办: CRITICAL alert, accountability candidate) and the old
 * entries past their review date. Then the bureau reviews the most recently listed of those (never the letters
 * showcase) and keeps it, with the next review in two weeks: the screen shows both outcomes.
 */
export async function showDemoCityControlSupervision(deps: HubDeps, today: Date, exceptPetitionIds: readonly number[] = []): Promise<{ resolutionsOverdue: number; reviewsDue: number }> {
  const swept = await sweepCityControl(deps, today);
  const bureau = await deps.db.getRepository(OrganizationEntity).findOneBy({ kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY });
  const due = (await deps.db.getRepository(CityControlEntryEntity).find({ order: { listedAt: "DESC" } })).filter((e) => e.delistedAt === null && e.reviewOverdueAt !== null && !exceptPetitionIds.includes(e.petitionId));
  if (bureau && due.length) {
    const leader = await principalForOrg(deps.db, bureau, "demo:city-control", [Role.LEADER]);
    const cal = deps.calc.calendar;
    await reviewCityControlEntry(deps, { principal: leader, now: today, requestId: "demo:city-control:review" }, due[0].id, cal.addDays(cal.localDate(today), NEXT_REVIEW_IN_DAYS), "属地化解方案已落实，仍需市控，两周后复核");
  }
  return swept;
}
