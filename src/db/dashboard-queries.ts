import { DataSource } from "typeorm";
import { Principal, seesEverything } from "../domain/access/principal";
import { OPEN_STATES, TREND_DAYS, ALERT_LIMIT } from "../domain/dashboard/dashboard-figures";
import { ReferralEntity } from "./entities";
import { visibilityClause } from "./petition-visibility";
import { BacklogRow, summarizeBacklog } from "./referral-queries";
import { RowReader } from "./row-reader";
import { dateParam } from "./sql-params";

/** Raw figures of the command screen for one caller, before names and shaping (see dashboard.resolver.ts). */
export interface DashboardRows {
  /** Visible petitions per (state, locality). */
  petitions: { state: string; localityOrgId: number; n: number }[];
  /** Registration instants of visible petitions in the trend window. */
  registeredAt: Date[];
  /** Open duties past due, per (clock kind, locality, handler). */
  overdue: { kind: string; localityOrgId: number; handlerOrgId: number | null; n: number }[];
  /** The latest yellow and red warnings on visible petitions. */
  alerts: { deadlineId: number; petitionId: number; petitionNumber: string; localityOrgId: number; kind: string; level: "YELLOW" | "RED"; at: Date; dueAt: Date }[];
  backlog: BacklogRow[];
  /** Outbound referrals not yet signed for (SENT or DELIVERED). */
  referralsWaiting: number;
}

/** datetime values: mysql2 gives Date, better-sqlite3 the UTC text TypeORM stores. */
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(" ", "T")}Z`));

/**
 * Everything the screen shows, in five statements (petition ×2, deadline ×2, referral ×1), each filtered by the
 * same visibility rule as `petitions` (petition-visibility.ts) so a county never counts an accusation against itself.
 */
export async function loadDashboardRows(db: DataSource, p: Principal, now: Date, calendarDays = TREND_DAYS): Promise<DashboardRows> {
  const vis = visibilityClause(p, "p");
  const open = OPEN_STATES.map(() => "?").join(",");
  const since = new Date(now.getTime() - calendarDays * 86_400_000);
  const [petitions, registered, overdue, alerts, backlog] = await Promise.all([
    db.query(`SELECT p.state AS state, p.localityOrgId AS localityOrgId, COUNT(*) AS n FROM petition p WHERE ${vis.sql} GROUP BY p.state, p.localityOrgId`, vis.params),
    db.query(`SELECT p.registeredAt AS at FROM petition p WHERE p.registeredAt >= ? AND ${vis.sql}`, [dateParam(db, since), ...vis.params]),
    db.query(
      `SELECT d.kind AS kind, p.localityOrgId AS localityOrgId, p.handlerOrgId AS handlerOrgId, COUNT(*) AS n
         FROM deadline d JOIN petition p ON p.id = d.petitionId
        WHERE d.nature = 'DUTY' AND d.closedAt IS NULL AND d.state IN ('OPEN','BREACHED') AND d.dueAt < ? AND p.state IN (${open}) AND ${vis.sql}
        GROUP BY d.kind, p.localityOrgId, p.handlerOrgId`,
      [dateParam(db, now), ...OPEN_STATES, ...vis.params],
    ),
    db.query(
      `SELECT d.id AS deadlineId, d.petitionId AS petitionId, p.number AS number, p.localityOrgId AS localityOrgId, d.kind AS kind,
              d.yellowWarnedAt AS yellowAt, d.redWarnedAt AS redAt, d.dueAt AS dueAt
         FROM deadline d JOIN petition p ON p.id = d.petitionId
        WHERE (d.redWarnedAt IS NOT NULL OR d.yellowWarnedAt IS NOT NULL) AND ${vis.sql}
        ORDER BY COALESCE(d.redWarnedAt, d.yellowWarnedAt) DESC, d.id DESC LIMIT ${ALERT_LIMIT}`,
      vis.params,
    ),
    scopedReferrals(db, p),
  ]);
  return {
    petitions: (petitions as Record<string, unknown>[]).map((r) => ({ state: String(r.state), localityOrgId: Number(r.localityOrgId), n: Number(r.n) })),
    registeredAt: (registered as Record<string, unknown>[]).map((r) => toDate(r.at)),
    overdue: (overdue as Record<string, unknown>[]).map((r) => ({
      kind: String(r.kind),
      localityOrgId: Number(r.localityOrgId),
      handlerOrgId: r.handlerOrgId === null ? null : Number(r.handlerOrgId),
      n: Number(r.n),
    })),
    alerts: (alerts as Record<string, unknown>[]).map((r) => ({
      deadlineId: Number(r.deadlineId),
      petitionId: Number(r.petitionId),
      petitionNumber: String(r.number),
      localityOrgId: Number(r.localityOrgId),
      kind: String(r.kind),
      level: r.redAt !== null ? "RED" : "YELLOW",
      at: toDate(r.redAt ?? r.yellowAt),
      dueAt: toDate(r.dueAt),
    })),
    backlog: summarizeBacklog(backlog, now),
    referralsWaiting: backlog.filter((r) => r.state === "SENT" || r.state === "DELIVERED").length,
  };
}

/** Outbound referrals the caller may see, exactly as `referrals` lists them (canSeeReferral): the bureau all, others their own. */
function scopedReferrals(db: DataSource, p: Principal): Promise<ReferralEntity[]> {
  const rd = new RowReader(db, ReferralEntity);
  if (seesEverything(p)) return rd.select("r", "WHERE r.direction = 'OUTBOUND'", []);
  return rd.select("r", "WHERE r.direction = 'OUTBOUND' AND r.agencyOrgId = ?", [p.orgId]);
}
