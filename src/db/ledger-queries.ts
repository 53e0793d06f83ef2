import { DataSource, In, LessThan } from "typeorm";
import { Principal, seesEverything } from "../domain/access/principal";
import { canSeeAlert } from "../domain/alerts/alert-visibility";
import { AlertState } from "../domain/alerts/alert-terms";
import { LedgerEntryState } from "../domain/early-warning/ledger-terms";
import { canSeeLedgerEntry } from "../domain/early-warning/ledger-visibility";
import { AlertEntity, LedgerConsultationEntity, LedgerEntryEntity } from "./entities";
import { localitiesSeenBy, orgPath } from "./org-tree";


/** One ledger entry if the principal may see it (null for invisible and missing alike). */
export async function findVisibleLedgerEntry(db: DataSource, p: Principal, id: number): Promise<LedgerEntryEntity | null> {
  const e = await db.getRepository(LedgerEntryEntity).findOneBy({ id });
  return e && canSeeLedgerEntry(p, await orgPath(db, e.localityOrgId)) ? e : null;
}

/** Filters of the ledger list. */
export interface LedgerFilter {
  state?: LedgerEntryState;
  overdueOnly?: boolean;
}

/** Visible ledger entries, newest first, after the cursor id. */
export async function listLedgerEntries(db: DataSource, p: Principal, f: LedgerFilter, first: number, beforeId: number | null): Promise<LedgerEntryEntity[]> {
  const localities = await localitiesSeenBy(db, p, canSeeLedgerEntry);
  if (localities !== "ALL" && localities.length === 0) return [];
  const qb = db.getRepository(LedgerEntryEntity).createQueryBuilder("l").orderBy("l.id", "DESC").take(first);
  if (localities !== "ALL") qb.andWhere({ localityOrgId: In(localities) });
  if (f.state) qb.andWhere({ state: f.state });
  if (f.overdueOnly) qb.andWhere("l.consultationOverdueAt IS NOT NULL");
  if (beforeId !== null) qb.andWhere({ id: LessThan(beforeId) });
  return qb.getMany();
}

/** An entry's consultations, oldest first. */
export function consultationsOf(db: DataSource, entryId: number): Promise<LedgerConsultationEntity[]> {
  return db.getRepository(LedgerConsultationEntity).find({ where: { entryId }, order: { id: "ASC" } });
}

/** Alerts the principal sees (canSeeAlert as SQL), newest first; open ones only unless `includeClosed`. */
export async function listAlerts(db: DataSource, p: Principal, opts: { state?: AlertState; first: number }): Promise<AlertEntity[]> {
  const qb = db.getRepository(AlertEntity).createQueryBuilder("a").orderBy("a.id", "DESC").take(opts.first);
  if (!seesEverything(p)) qb.andWhere({ ownerOrgId: p.orgId });
  if (opts.state === AlertState.OPEN) qb.andWhere("a.acknowledgedAt IS NULL AND a.closedAt IS NULL");
  if (opts.state === AlertState.ACKNOWLEDGED) qb.andWhere("a.acknowledgedAt IS NOT NULL AND a.closedAt IS NULL");
  if (opts.state === AlertState.CLOSED) qb.andWhere("a.closedAt IS NOT NULL");
  const rows = await qb.getMany();
  // The SQL filter and the domain rule are the same; the check keeps them honest.
  return rows.filter((a) => canSeeAlert(p, a));
}
