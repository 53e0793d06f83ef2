import { bottomLineSettings, HubDeps } from "../commands/command-context";
import type { Principal } from "../domain/access/principal";
import { seesEverything } from "../domain/access/principal";
import { daysSinceByLine } from "../domain/bottom-lines/bottom-line-rules";
import { seesBottomLines } from "../domain/bottom-lines/bottom-line-visibility";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { breachTimes, listBreaches, openBottomLineAlerts, reportsOf, visibleBottomLineLocalities } from "../db/bottom-line-queries";
import { OrganizationEntity } from "../db/entities";
import { AlertType } from "../schema/alert.type";
import { BottomLineBreachType, BottomLineStatusType, DashboardBottomLinesType } from "../schema/bottom-line.type";

/** How many open bottom-line alerts the panel lists. */
const PANEL_ALERTS = 10;

/**
 * Days since the last breach per line: for the whole city (an aggregate every petition department may know) and per
 * county/district the caller sees (the bureau: all five; a county office: its own).
 */
export async function bottomLineStatus(deps: HubDeps, p: Principal, now: Date): Promise<BottomLineStatusType> {
  const offset = bottomLineSettings(deps).utcOffsetMinutes;
  const [all, visible, orgs] = await Promise.all([breachTimes(deps.db, "ALL"), visibleBottomLineLocalities(deps.db, p), deps.db.getRepository(OrganizationEntity).find({ order: { id: "ASC" } })]);
  const counties = orgs.filter((o) => o.kind === OrgKind.PETITION_OFFICE && o.level === OrgLevel.COUNTY && (visible === "ALL" || visible.includes(o.id)));
  return {
    computedAt: now,
    city: daysSinceByLine(all, now, offset),
    localities: counties.map((o) => ({ orgId: String(o.id), orgCode: o.code, orgName: o.name, lines: daysSinceByLine(all.filter((b) => b.localityOrgId === o.id), now, offset) })),
  };
}

/** Visible breaches with their report chains. */
export async function breachesWithReports(deps: HubDeps, p: Principal, f: Parameters<typeof listBreaches>[2]): Promise<BottomLineBreachType[]> {
  const rows = await listBreaches(deps.db, p, f);
  const reports = await reportsOf(deps.db, rows.map((b) => b.id));
  return rows.map((b) => BottomLineBreachType.from(b, reports.get(b.id) ?? []));
}

/**
 * The command screen's 四个不发生 panel for one dashboard scope (the bureau: the city; a county office: its own
 * locality; everyone else: none). It depends on the scope only, so pushes stay shared per scope.
 */
export async function bottomLinePanel(deps: HubDeps, p: Principal, now: Date): Promise<DashboardBottomLinesType | null> {
  if (!seesBottomLines(p)) return null;
  const [status, alerts, latest] = await Promise.all([bottomLineStatus(deps, p, now), openBottomLineAlerts(deps.db, p, PANEL_ALERTS), breachesWithReports(deps, p, { first: 1 })]);
  const own = status.localities.find((l) => l.orgId === String(p.orgId));
  return { city: status.city, scope: seesEverything(p) ? status.city : (own?.lines ?? []), openAlerts: alerts.map(AlertType.from), latestBreach: latest[0] ?? null };
}
