import { HubDeps } from "../commands/command-context";
import { Principal } from "../domain/access/principal";
import { DEFAULT_VISIT_ONCE, oneVisitRate } from "../domain/visit-once/one-visit-rate";
import { countOpenRepeatVisitAlerts, loadFirstItems } from "../db/visit-once-queries";
import { DashboardVisitOnceType } from "../schema/visit-once.type";

const DAY_MS = 86_400_000;

/**
 * The 最多访一次 panel of the command screen: the one-visit rate over the last ONE_VISIT_DASHBOARD_DAYS (first items
 * visible to the caller, as Query.oneVisitRate) and the open repeat-visit alerts it owns (as Query.alerts). Both
 * depend on the caller's organisation only, so the figures stay shared per dashboardScope.
 */
export async function visitOncePanel(deps: HubDeps, principal: Principal, now: Date): Promise<DashboardVisitOnceType> {
  const windowDays = (deps.visitOnce ?? DEFAULT_VISIT_ONCE).dashboardDays;
  const [rows, openRepeatVisitAlerts] = await Promise.all([
    loadFirstItems(deps.db, principal, { from: new Date(now.getTime() - windowDays * DAY_MS), to: now, localityOrgId: null }),
    countOpenRepeatVisitAlerts(deps.db, principal),
  ]);
  return { windowDays, ...oneVisitRate(rows), openRepeatVisitAlerts };
}
