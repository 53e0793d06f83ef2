import { IsNull, Not } from "typeorm";
import { HubDeps } from "../../commands/command-context";
import { delistCityControl } from "../../commands/delist-city-control";
import { respondToCityVisitLetter } from "../../commands/respond-to-city-visit-letter";
import { sweepCityVisitLetters } from "../../commands/sweep-city-visit-letters";
import { LetterKind } from "../../domain/city-visit/city-visit-terms";
import { OrgKind, OrgLevel, Role } from "../../domain/petition-terms";
import { CityControlEntryEntity, CityVisitLetterEntity, OrganizationEntity } from "../entities";
import { principalForOrg } from "../org-tree";
import { showDemoCityControlSupervision } from "./demo-city-visit-supervision";

const DAY_MS = 86_400_000;

/**
 * The showcase of the fast track: the demo's city visit whose locality answers only the resolution-project letter, so
 * its early-warning reminder goes to supervision (督办) and its assignment letter awaits a response.
 */
export const SHOWCASE_SCENARIO = "kenli-wage-arrears";

/**
 * Right after a demo item is registered (demo-data.ts): if it opened the fast track, its locality answers the letters
 * a day after issue (the showcase: only the resolution-project letter). Done at once, not after the whole demo, so
 * the hub's periodic sweep, which already runs while the demo loads, does not find old letters unanswered.
 */
export async function answerDemoLetters(deps: HubDeps, scenarioKey: string, petitionId: number, today: Date): Promise<void> {
  const letters = await deps.db.getRepository(CityVisitLetterEntity).find({ where: { petitionId }, order: { id: "ASC" } });
  for (const l of letters) {
    const answeredAt = new Date(l.issuedAt.getTime() + DAY_MS);
    if (answeredAt.getTime() > today.getTime()) continue; // issued less than a day ago: still awaiting
    if (scenarioKey === SHOWCASE_SCENARIO && l.kind !== LetterKind.RESOLUTION_PROJECT) continue;
    const org = await deps.db.getRepository(OrganizationEntity).findOneByOrFail({ id: l.recipientOrgId });
    const officer = await principalForOrg(deps.db, org, `demo:${org.code}:city-letters`, org.kind === OrgKind.SPECIAL_UNIT ? [Role.HANDLER] : [Role.CASE_OFFICER]);
    const text = l.kind === LetterKind.RESOLUTION_PROJECT ? "已立项化解：包案领导为分管副县（区）长，两周内召开听证会，一个月内提出化解方案" : "已落实稳控措施，明确包案领导和稳控责任人";
    await respondToCityVisitLetter(deps, { principal: officer, now: answeredAt, requestId: `demo:city-letter:${l.id}` }, l.id, { text, notOurMatter: false });
  }
}

/** After the demo items: the oldest 市控 entry is delisted (resolved), and the letter sweep runs once. */
export async function finishDemoCityVisits(deps: HubDeps, today: Date): Promise<{ entries: number }> {
  const entries = await deps.db.getRepository(CityControlEntryEntity).find({ order: { listedAt: "ASC" } });
  const bureau = await deps.db.getRepository(OrganizationEntity).findOneBy({ kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY });
  if (entries.length > 1 && bureau) {
    const leader = await principalForOrg(deps.db, bureau, "demo:city-control", [Role.LEADER]);
    await delistCityControl(deps, { principal: leader, now: new Date(today.getTime() - DAY_MS), requestId: "demo:city-control:delist" }, entries[0].id, "矛盾已化解，信访人息诉罢访");
  }
  await sweepCityVisitLetters(deps, today);
  // The bureau's supervision of the list (demo-city-visit-supervision.ts), on entries other than the letters showcase.
  const supervised = await deps.db.getRepository(CityVisitLetterEntity).find({ where: { supervisedAt: Not(IsNull()) }, select: { petitionId: true } });
  await showDemoCityControlSupervision(deps, today, supervised.map((l) => l.petitionId));
  return { entries: entries.length };
}
