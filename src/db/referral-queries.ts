import { DataSource, In } from "typeorm";
import { ReferralState } from "../domain/referrals/referral-terms";
import { ReferralEntity } from "./entities";
import { RowReader } from "./row-reader";

/** Everything a connector needs to deliver one referral: only what the agency needs, phones masked. */
export interface DeliveryView {
  referral: ReferralEntity;
  agencyCode: string;
  petitionNumber: string;
  category: string;
  specialGroups: string[];
  summary: string;
  request: string;
  localityName: string;
  petitioners: { name: string; phoneMasked: string | null }[];
}

const readers = new WeakMap<DataSource, { referral: RowReader<ReferralEntity> }>();
function readersFor(db: DataSource) {
  let r = readers.get(db);
  if (!r) readers.set(db, (r = { referral: new RowReader(db, ReferralEntity) }));
  return r;
}

/** The delivery view of one referral (see {@link loadDeliveryViews}). */
export async function loadDeliveryView(db: DataSource, referralId: number): Promise<DeliveryView | null> {
  return (await loadDeliveryViews(db, [referralId])).get(referralId) ?? null;
}

/**
 * The delivery views of several referrals in one statement: each referral joined with its petition, its
 * organisations and (LEFT JOIN, one row per person) its petitioners. The delivery worker groups the reads of
 * concurrent jobs into one call; a referral that does not exist is absent from the map.
 */
export async function loadDeliveryViews(db: DataSource, referralIds: readonly number[]): Promise<Map<number, DeliveryView>> {
  const out = new Map<number, DeliveryView>();
  if (referralIds.length === 0) return out;
  const rd = readersFor(db);
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${rd.referral.columns("r")}, p.number AS v_number, p.category AS v_category, p.specialGroups AS v_groups, p.summary AS v_summary,
            p.request AS v_request, a.code AS v_agency, l.name AS v_locality, pe.id AS v_person, pe.name AS v_name, pe.phoneMasked AS v_phone
       FROM referral r JOIN petition p ON p.id = r.petitionId JOIN organization a ON a.id = r.agencyOrgId JOIN organization l ON l.id = p.localityOrgId
       LEFT JOIN petitioner pe ON pe.petitionId = r.petitionId
      WHERE r.id IN (${referralIds.map(() => "?").join(",")}) ORDER BY r.id, pe.id`,
    [...referralIds],
  );
  for (const v of rows) {
    const id = Number(v.id);
    let view = out.get(id);
    if (!view) {
      view = {
        referral: rd.referral.map(v),
        agencyCode: String(v.v_agency),
        petitionNumber: String(v.v_number),
        category: String(v.v_category),
        specialGroups: v.v_groups ? String(v.v_groups).split(",") : [],
        summary: String(v.v_summary),
        request: String(v.v_request),
        localityName: String(v.v_locality),
        petitioners: [],
      };
      out.set(id, view);
    }
    // The stored masked phone; nothing is decrypted for a delivery.
    if (v.v_person !== null && v.v_person !== undefined) view.petitioners.push({ name: String(v.v_name), phoneMasked: v.v_phone === null ? null : String(v.v_phone) });
  }
  return out;
}

/**
 * Referrals of one agency that are out with it and may change on its side (for status polling), least recently
 * polled first (never polled before all others, then oldest), so a batch smaller than the open set walks all of it
 * in turns instead of re-reading the oldest ones forever. Pair with {@link markPolled}.
 */
export function referralsAwaitingAgency(db: DataSource, agencyOrgId: number, limit = 200): Promise<ReferralEntity[]> {
  return db.getRepository(ReferralEntity).find({
    where: { agencyOrgId, state: In([ReferralState.DELIVERED, ReferralState.ACKNOWLEDGED, ReferralState.ESCALATED]) },
    // ASC puts NULL (never polled) first on both MySQL/MariaDB and SQLite.
    order: { lastPolledAt: "ASC", id: "ASC" },
    take: limit,
  });
}

/** Records that these referrals were polled at `at` (whether or not the agency answered): they go to the back of the line. */
export async function markPolled(db: DataSource, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  // The query builder converts the Date per driver (SQLite cannot bind Date objects). updatedAt stays: reading a
  // status is not a change of the referral.
  await db.createQueryBuilder().update(ReferralEntity).set({ lastPolledAt: at }).whereInIds(ids).updateEntity(false).execute();
}

export interface ReferralFilter {
  states?: ReferralState[];
  agencyOrgIds?: number[];
  overdue?: boolean;
}

/** Referrals the principal may see (an agency: its own), newest first, keyset on id. One statement. */
export async function listReferrals(db: DataSource, visibleToOrgId: number | null, f: ReferralFilter, first: number, afterId: number | null, now: Date) {
  const qb = db.getRepository(ReferralEntity).createQueryBuilder("r");
  if (visibleToOrgId !== null) qb.andWhere("r.agencyOrgId = :me", { me: visibleToOrgId });
  if (afterId) qb.andWhere("r.id < :afterId", { afterId });
  if (f.states?.length) qb.andWhere("r.state IN (:...states)", { states: f.states });
  if (f.agencyOrgIds?.length) qb.andWhere("r.agencyOrgId IN (:...agencies)", { agencies: f.agencyOrgIds });
  if (f.overdue !== undefined) {
    // A raised case not yet registered is overdue past the bureau's take-up period (the same column).
    const overdue = "(r.state IN ('SENT','DELIVERED','ACKNOWLEDGED','ESCALATED','RAISED') AND r.responseDueAt < :now)";
    qb.andWhere(f.overdue ? overdue : `NOT ${overdue}`, { now });
  }
  const rows = await qb.orderBy("r.id", "DESC").take(first + 1).getMany();
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

export interface BacklogRow {
  agencyOrgId: number;
  open: number;
  overdue: number;
  responded: number;
  averageResponseHours: number | null;
}

/** Per-agency open, overdue and answered counts and mean response time, over outbound referrals. */
export async function agencyBacklog(db: DataSource, now: Date): Promise<BacklogRow[]> {
  const rows = await db.getRepository(ReferralEntity).find({
    select: { agencyOrgId: true, state: true, responseDueAt: true, createdAt: true, respondedAt: true },
    where: { direction: "OUTBOUND" as ReferralEntity["direction"] },
  });
  return summarizeBacklog(rows, now);
}

/** The backlog figures of outbound referral rows, per agency (shared by agencyBacklog and the dashboard's scoped read). */
export function summarizeBacklog(rows: readonly Pick<ReferralEntity, "agencyOrgId" | "state" | "responseDueAt" | "createdAt" | "respondedAt">[], now: Date): BacklogRow[] {
  const by = new Map<number, { open: number; overdue: number; responded: number; hours: number[] }>();
  const OPEN = [ReferralState.SENT, ReferralState.DELIVERED, ReferralState.ACKNOWLEDGED, ReferralState.ESCALATED];
  for (const r of rows) {
    const b = by.get(r.agencyOrgId) ?? { open: 0, overdue: 0, responded: 0, hours: [] };
    if (OPEN.includes(r.state)) {
      b.open++;
      if (now > r.responseDueAt) b.overdue++;
    }
    if (r.respondedAt) {
      b.responded++;
      b.hours.push((r.respondedAt.getTime() - r.createdAt.getTime()) / 3_600_000);
    }
    by.set(r.agencyOrgId, b);
  }
  return [...by.entries()].map(([agencyOrgId, b]) => ({
    agencyOrgId,
    open: b.open,
    overdue: b.overdue,
    responded: b.responded,
    averageResponseHours: b.hours.length ? Math.round((b.hours.reduce((a, x) => a + x, 0) / b.hours.length) * 100) / 100 : null,
  }));
}
