import { DataSource, In, LessThan } from "typeorm";
import type { Principal } from "../domain/access/principal";
import { seesEverything } from "../domain/access/principal";
import { AlertKind } from "../domain/alerts/alert-terms";
import { BottomLine } from "../domain/bottom-lines/bottom-line-terms";
import { canSeeBottomLine } from "../domain/bottom-lines/bottom-line-visibility";
import { AlertEntity, BottomLineBreachEntity, UrgentReportEntity } from "./entities";
import { localitiesSeenBy } from "./org-tree";

/** The localities whose bottom-line records the principal sees (canSeeBottomLine over the tree), or "ALL". */
export const visibleBottomLineLocalities = (db: DataSource, p: Principal): Promise<number[] | "ALL"> => localitiesSeenBy(db, p, canSeeBottomLine);

/** Visible breaches, latest occurrence first (ties: newest record first), before the cursor id when given. */
export async function listBreaches(db: DataSource, p: Principal, f: { line?: BottomLine; first: number; beforeId?: number | null }): Promise<BottomLineBreachEntity[]> {
  const localities = await visibleBottomLineLocalities(db, p);
  if (localities !== "ALL" && localities.length === 0) return [];
  const qb = db.getRepository(BottomLineBreachEntity).createQueryBuilder("b").orderBy("b.occurredAt", "DESC").addOrderBy("b.id", "DESC").take(f.first);
  if (localities !== "ALL") qb.andWhere({ localityOrgId: In(localities) });
  if (f.line) qb.andWhere({ line: f.line });
  if (f.beforeId != null) qb.andWhere({ id: LessThan(f.beforeId) });
  return qb.getMany();
}

/** The urgent reports of the given breaches, by breach, in chain order (city leadership, province, national). */
export async function reportsOf(db: DataSource, breachIds: readonly number[]): Promise<Map<number, UrgentReportEntity[]>> {
  const out = new Map<number, UrgentReportEntity[]>();
  if (!breachIds.length) return out;
  const rows = await db.getRepository(UrgentReportEntity).find({ where: { breachId: In([...breachIds]) }, order: { id: "ASC" } });
  for (const r of rows) out.set(r.breachId, [...(out.get(r.breachId) ?? []), r]);
  return out;
}

/**
 * When each line was breached, per locality (the line, the locality and the occurrence of every breach the principal
 * sees). Breaches are rare events (a handful a year), so the rows are read whole and folded in the domain.
 */
export async function breachTimes(db: DataSource, localities: number[] | "ALL"): Promise<{ line: BottomLine; localityOrgId: number; occurredAt: Date }[]> {
  if (localities !== "ALL" && localities.length === 0) return [];
  return db.getRepository(BottomLineBreachEntity).find({ select: { line: true, localityOrgId: true, occurredAt: true }, where: localities === "ALL" ? {} : { localityOrgId: In(localities) } });
}

/** Open bottom-line alerts (breaches and pre-alerts) the principal sees (canSeeAlert: the owner, or the bureau), newest first. */
export function openBottomLineAlerts(db: DataSource, p: Principal, first: number): Promise<AlertEntity[]> {
  const qb = db.getRepository(AlertEntity).createQueryBuilder("a").orderBy("a.id", "DESC").take(first);
  qb.andWhere({ kind: In([AlertKind.BOTTOM_LINE_BREACH, AlertKind.BOTTOM_LINE_PRE_ALERT]) });
  qb.andWhere("a.acknowledgedAt IS NULL AND a.closedAt IS NULL");
  if (!seesEverything(p)) qb.andWhere({ ownerOrgId: p.orgId });
  return qb.getMany();
}
