import { HubDeps } from "../commands/command-context";
import { Principal } from "../domain/access/principal";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { dailyCounts, dashboardScope, heatPlaces, OPEN_STATES, TREND_DAYS } from "../domain/dashboard/dashboard-figures";
import { OrgKind, OrgLevel, PetitionState } from "../domain/petition-terms";
import { loadDashboardRows } from "../db/dashboard-queries";
import { listAlerts } from "../db/ledger-queries";
import { cityVisitFigures } from "../db/city-visit-queries";
import { AlertState } from "../domain/alerts/alert-terms";
import { AlertType } from "../schema/alert.type";
import { OrganizationEntity } from "../db/entities";
import { DashboardLocalityHeat, DashboardOverdueByKind, DashboardType } from "../schema/dashboard.type";
import { WarningLevel } from "../schema/enums";
import { openAccidentCasesView } from "./accident-dashboard";
import { bottomLinePanel } from "./bottom-line-view";
import { visitOncePanel } from "./dashboard-visit-once";
import { openDisputeCasesPanel } from "./dashboard-dispute-cases";

const OPEN = new Set<string>(OPEN_STATES);
/** How many open risk alerts the screen lists. */
const RISK_ALERTS_SHOWN = 20;

const byKind = (m: Map<string, number>): DashboardOverdueByKind[] =>
  [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, count]) => ({ kind: kind as DeadlineKind, count }));

/**
 * The command screen's figures for one caller (Query.dashboard and every push of Subscription.dashboard): the raw
 * rows of dashboard-queries.ts, one read of the organisation table for names, and the open risk alerts in scope.
 */
export async function buildDashboard(deps: HubDeps, principal: Principal, now: Date): Promise<DashboardType> {
  const [rows, orgs, risk, accidentCases, bottomLines, visitOnce, cityVisit, disputeCases] = await Promise.all([
    loadDashboardRows(deps.db, principal, now),
    deps.db.getRepository(OrganizationEntity).find({ order: { id: "ASC" } }),
    // Same scope as Query.alerts (canSeeAlert: the owner, or the bureau) and as dashboardScope, so pushes stay shared.
    listAlerts(deps.db, principal, { state: AlertState.OPEN, first: RISK_ALERTS_SHOWN }),
    // Same scope as Query.accidentCases (canSeeAccidentCase: per organisation, or the bureau's all).
    openAccidentCasesView(deps.db, principal),
    bottomLinePanel(deps, principal, now), // issue 9 item 4: 四个不发生
    visitOncePanel(deps, principal, now),
    // Issue 9 item 3: the same scope as Query.cityControlList (the bureau all, a county office its own locality).
    cityVisitFigures(deps.db, principal, now),
    openDisputeCasesPanel(deps, principal), // issue 9 item 1: mediation and pre-petition cases
  ]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  // The eight places of the heat map: the county/district offices (which stand for their locality) and the special units.
  const places = orgs.filter((o) => (o.kind === OrgKind.PETITION_OFFICE && o.level === OrgLevel.COUNTY) || o.kind === OrgKind.SPECIAL_UNIT);
  const specialUnits = new Set(places.filter((o) => o.kind === OrgKind.SPECIAL_UNIT).map((o) => o.id));
  const heat = new Map(places.map((o) => [o.id, { open: 0, overdue: 0, kinds: new Map<string, number>() }]));

  let openPetitions = 0;
  let inHearing = 0;
  for (const r of rows.petitions) {
    if (!OPEN.has(r.state)) continue;
    openPetitions += r.n;
    if (r.state === PetitionState.HEARING) inHearing += r.n;
    const h = heat.get(r.localityOrgId);
    if (h) h.open += r.n;
  }
  let overdue = 0;
  const kinds = new Map<string, number>();
  for (const r of rows.overdue) {
    overdue += r.n;
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + r.n);
    for (const place of heatPlaces(r.localityOrgId, r.handlerOrgId, specialUnits)) {
      const h = heat.get(place);
      if (!h) continue;
      h.overdue += r.n;
      h.kinds.set(r.kind, (h.kinds.get(r.kind) ?? 0) + r.n);
    }
  }
  const localities: DashboardLocalityHeat[] = places.map((o) => {
    const h = heat.get(o.id)!;
    return { orgId: String(o.id), orgCode: o.code, orgName: o.name, open: h.open, overdue: h.overdue, byKind: byKind(h.kinds) };
  });
  return {
    computedAt: now,
    scope: dashboardScope(principal),
    openPetitions,
    overdue,
    overdueByKind: byKind(kinds),
    inHearing,
    referralsWaiting: rows.referralsWaiting,
    localities,
    agencies: rows.backlog
      .map((b) => ({ ...b, agencyOrgId: String(b.agencyOrgId), agencyCode: orgById.get(b.agencyOrgId)?.code ?? "?", agencyName: orgById.get(b.agencyOrgId)?.name ?? "?" }))
      .sort((a, b) => b.open - a.open || a.agencyCode.localeCompare(b.agencyCode)),
    trend: dailyCounts(rows.registeredAt, now, TREND_DAYS, (d) => deps.calc.calendar.localDate(d)),
    alerts: rows.alerts.map((a) => ({
      deadlineId: String(a.deadlineId),
      petitionId: String(a.petitionId),
      petitionNumber: a.petitionNumber,
      localityName: orgById.get(a.localityOrgId)?.name ?? "?",
      kind: a.kind as DeadlineKind,
      level: a.level === "RED" ? WarningLevel.RED : WarningLevel.YELLOW,
      at: a.at,
      dueAt: a.dueAt,
    })),
    riskAlerts: risk.map(AlertType.from),
    accidentCases,
    bottomLines,
    visitOnce,
    cityVisit: {
      ...cityVisit,
      listedByLocality: cityVisit.listedByLocality.map((l) => ({ orgId: String(l.localityOrgId), orgName: orgById.get(l.localityOrgId)?.name ?? "?", count: l.count })),
    },
    disputeCases,
  };
}
