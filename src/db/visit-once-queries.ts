import { DataSource } from "typeorm";
import { Principal, seesEverything } from "../domain/access/principal";
import { AlertKind } from "../domain/alerts/alert-terms";
import { FirstItemRow } from "../domain/visit-once/one-visit-rate";
import { AlertEntity, MatterReassignmentEntity } from "./entities";
import { visibilityClause } from "./petition-visibility";
import { dateParam } from "./sql-params";

/** A period [from, to) and optionally one locality (the first item's). */
export interface OneVisitFilter {
  from: Date;
  to: Date;
  localityOrgId: number | null;
}

/**
 * The population of the one-visit rate, one row per matter: matters whose FIRST item (earliest receipt, then id,
 * among items that opened the matter or were linked by a person) was received in the period, in the locality if
 * given, and is visible to the caller; with the first item's state and the number of OTHER in-person items on the
 * matter. Only the first item must be visible: later visits are counted, never shown.
 */
export async function loadFirstItems(db: DataSource, p: Principal, f: OneVisitFilter): Promise<FirstItemRow[]> {
  const vis = visibilityClause(p, "p");
  const locality = f.localityOrgId === null ? "" : " AND p.localityOrgId = ?";
  const rows: { matterId: number | string; firstState: string; laterVisits: number | string }[] = await db.query(
    `SELECT p.matterId AS matterId, p.state AS firstState,
       (SELECT COUNT(*) FROM petition v WHERE v.matterId = p.matterId AND v.id <> p.id AND v.channel = 'VISIT' AND v.matterLink <> 'UNCONFIRMED') AS laterVisits
     FROM petition p
     WHERE p.matterLink <> 'UNCONFIRMED' AND p.receivedAt >= ? AND p.receivedAt < ?${locality} AND ${vis.sql}
       AND NOT EXISTS (SELECT 1 FROM petition e WHERE e.matterId = p.matterId AND e.matterLink <> 'UNCONFIRMED' AND (e.receivedAt < p.receivedAt OR (e.receivedAt = p.receivedAt AND e.id < p.id)))`,
    [dateParam(db, f.from), dateParam(db, f.to), ...(f.localityOrgId === null ? [] : [f.localityOrgId]), ...vis.params],
  );
  return rows.map((r) => ({ matterId: Number(r.matterId), firstState: r.firstState, laterVisits: Number(r.laterVisits) }));
}

/** Open (unsigned, unclosed) repeat-visit alerts in the caller's alert scope (canSeeAlert: its own; the bureau all). */
export function countOpenRepeatVisitAlerts(db: DataSource, p: Principal): Promise<number> {
  const qb = db.getRepository(AlertEntity).createQueryBuilder("a").where("a.kind = :kind", { kind: AlertKind.REPEAT_VISIT }).andWhere("a.acknowledgedAt IS NULL AND a.closedAt IS NULL");
  if (!seesEverything(p)) qb.andWhere("a.ownerOrgId = :org", { org: p.orgId });
  return qb.getCount();
}

/** A matter's reassignment requests, oldest first. */
export function reassignmentsOf(db: DataSource, matterId: number): Promise<MatterReassignmentEntity[]> {
  return db.getRepository(MatterReassignmentEntity).find({ where: { matterId }, order: { id: "ASC" } });
}
