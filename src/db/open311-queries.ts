import { DataSource, In } from "typeorm";
import { EXPECTED_KINDS, OPEN311_LIMITS, OPEN311_SERVICES, open311Status, open311StatusNotes } from "../domain/citizen/open311";
import { PetitionState } from "../domain/petition-terms";
import { DeadlineEntity, OrganizationEntity, PetitionEntity } from "./entities";

/** One GeoReport v2 service request: the listed fields only, none of them personal or free text. */
export interface Open311Request {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string;
  service_code: string;
  service_name: string;
  agency_responsible: string | null;
  requested_datetime: string;
  expected_datetime: string | null;
}

/** What to read: explicit numbers (the other filters then do not apply, as GeoReport v2 says), or a filtered range. */
export type Open311Filter = { ids: string[] } | { serviceCodes: string[] | null; statuses: ("open" | "closed")[] | null; start: Date; end: Date };

/**
 * Registered petitions of the public categories (never accusations, nor anything with an accused unit), newest
 * first, at most 1000, mapped to GeoReport v2. Columns are named one by one: summary, request, petitioners and
 * the locality are never read, so they cannot be returned by mistake.
 */
export async function readOpen311Requests(db: DataSource, f: Open311Filter): Promise<Open311Request[]> {
  const qb = db
    .getRepository(PetitionEntity)
    .createQueryBuilder("p")
    .select(["p.id", "p.number", "p.state", "p.category", "p.receivedAt", "p.handlerOrgId", "p.registeringOrgId"])
    .where("p.registeredAt IS NOT NULL")
    .andWhere("p.accusedOrgId IS NULL");
  const services = OPEN311_SERVICES.map((s) => s.code as string);
  if ("ids" in f) qb.andWhere("p.number IN (:...ids)", { ids: f.ids }).andWhere("p.category IN (:...services)", { services });
  else {
    qb.andWhere("p.category IN (:...codes)", { codes: f.serviceCodes ?? services });
    qb.andWhere("p.receivedAt >= :start AND p.receivedAt <= :end", { start: f.start, end: f.end });
    if (f.statuses) {
      const states = Object.values(PetitionState).filter((s) => f.statuses!.includes(open311Status(s)));
      qb.andWhere("p.state IN (:...states)", { states });
    }
  }
  const rows = await qb.orderBy("p.receivedAt", "DESC").addOrderBy("p.id", "DESC").limit(OPEN311_LIMITS.maxResults).getMany();
  if (rows.length === 0) return [];
  const orgIds = [...new Set(rows.map((r) => r.handlerOrgId ?? r.registeringOrgId))];
  const orgs = new Map((await db.getRepository(OrganizationEntity).find({ where: { id: In(orgIds) }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const clocks = await db.getRepository(DeadlineEntity).find({ where: { petitionId: In(rows.map((r) => r.id)), state: "OPEN", kind: In([...EXPECTED_KINDS]) }, select: { id: true, petitionId: true, dueAt: true } });
  const due = new Map<number, Date>();
  for (const c of clocks) if (!due.has(c.petitionId) || c.dueAt < due.get(c.petitionId)!) due.set(c.petitionId, c.dueAt);
  return rows.map((r) => ({
    service_request_id: r.number,
    status: open311Status(r.state),
    status_notes: open311StatusNotes(r.state),
    service_code: r.category,
    service_name: OPEN311_SERVICES.find((s) => s.code === r.category)!.name,
    agency_responsible: orgs.get(r.handlerOrgId ?? r.registeringOrgId) ?? null,
    requested_datetime: r.receivedAt.toISOString(),
    expected_datetime: open311Status(r.state) === "open" ? (due.get(r.id)?.toISOString() ?? null) : null,
  }));
}
