import { DataSource, In } from "typeorm";
import { maskPhone } from "../domain/access/personal-data";
import { ReferralState } from "../domain/referrals/referral-terms";
import { OrganizationEntity, PetitionEntity, PetitionerEntity, ReferralEntity } from "./entities";

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

export async function loadDeliveryView(db: DataSource, referralId: number): Promise<DeliveryView | null> {
  const referral = await db.getRepository(ReferralEntity).findOneBy({ id: referralId });
  if (!referral?.petitionId) return null;
  const petition = await db.getRepository(PetitionEntity).findOneByOrFail({ id: referral.petitionId });
  const orgs = await db.getRepository(OrganizationEntity).findBy({ id: In([referral.agencyOrgId, petition.localityOrgId]) });
  const people = await db.getRepository(PetitionerEntity).find({ where: { petitionId: petition.id }, order: { id: "ASC" } });
  const org = (id: number) => orgs.find((o) => o.id === id)!;
  return {
    referral,
    agencyCode: org(referral.agencyOrgId).code,
    petitionNumber: petition.number,
    category: petition.category,
    specialGroups: petition.specialGroups ? petition.specialGroups.split(",") : [],
    summary: petition.summary,
    request: petition.request,
    localityName: org(petition.localityOrgId).name,
    petitioners: people.map((p) => ({ name: p.name, phoneMasked: p.phone ? maskPhone(p.phone) : null })),
  };
}

/** Referrals of one agency that are out with it and may change on its side (for status polling). */
export function referralsAwaitingAgency(db: DataSource, agencyOrgId: number, limit = 200): Promise<ReferralEntity[]> {
  return db.getRepository(ReferralEntity).find({
    where: { agencyOrgId, state: In([ReferralState.DELIVERED, ReferralState.ACKNOWLEDGED, ReferralState.ESCALATED]) },
    order: { id: "ASC" },
    take: limit,
  });
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
    const overdue = "(r.state IN ('SENT','DELIVERED','ACKNOWLEDGED','ESCALATED') AND r.responseDueAt < :now)";
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
