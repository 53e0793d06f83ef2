import { EntityManager, In, Not } from "typeorm";
import { Principal } from "../domain/access/principal";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { CityAcceptance, LETTER_KINDS } from "../domain/city-visit/city-visit-terms";
import { assessFastTrack, daysAfter, letterNumber, opensFastTrack, OtherItem } from "../domain/city-visit/fast-track-rules";
import { chineseDate } from "../domain/city-visit/letter-document-port";
import { renderParagraphs } from "../domain/city-visit/letter-templates";
import { CityControlEntryEntity, CityVisitLetterEntity, DeadlineEntity, OrganizationEntity, PetitionEntity } from "../db/entities";
import { insertRow } from "../db/insert-rows";
import { appendOutbox, HubDeps } from "./command-context";
import { DEFAULT_CITY_VISIT_CONFIG } from "./city-visit-settings";
import { nextLetterSeq } from "./next-letter-number";
import { PendingWrites } from "./pending-writes";

/** The fast-track settings of this process. */
export const cityVisitSettings = (deps: HubDeps) => deps.cityVisit ?? DEFAULT_CITY_VISIT_CONFIG;

/**
 * Called by registration for every new item; opens the fast track (来市上访顶格办理) when the item is a visit
 * registered by the city bureau, inside the registration's transaction: the 市控 entry with its review date and the
 * city's resolution deadline, level skipping and the acceptance decision, and the three numbered letters to the
 * locality (each rendered from its template, with its required response and due date, and its PDF when a document
 * writer is wired). Anything that throws rolls the whole registration back. Other items cost no statement.
 */
export async function openFastTrackIfCityVisit(em: EntityManager, deps: HubDeps, principal: Principal, petition: PetitionEntity, locality: OrganizationEntity, now: Date, writes: PendingWrites): Promise<void> {
  if (!opensFastTrack(petition.channel, principal)) return;
  const s = cityVisitSettings(deps);
  // The item was just given a matter of its own, so no other item shares it yet: only the registrar's flag decides
  // level skipping here. Linking it to a matter later re-assesses (reassessFastTrackOnMatter).
  const a = assessFastTrack({ levelSkippingFlag: petition.levelSkipping, receivedAt: petition.receivedAt }, [], now);
  const resolutionDueAt = daysAfter(now, s.resolutionDays);
  const entry = {
    petitionId: petition.id,
    reason: `来市走访：${petition.summary}`.slice(0, 500),
    localityOrgId: locality.id,
    responsiblePerson: null,
    reviewDueAt: daysAfter(now, s.reviewDays),
    resolutionDueAt,
    resolutionDueSetBy: principal.subject,
    levelSkipped: a.levelSkipped,
    acceptance: a.acceptance,
    lowerPetitionId: a.lowerPetitionId,
    listedAt: now,
    listedBy: principal.subject,
    delistedAt: null,
    delistedBy: null,
    delistReason: null,
    resolutionOverdueAt: null,
    reviewOverdueAt: null,
  };
  const entryId = await insertRow(em, CityControlEntryEntity, entry);
  const localDate = (d: Date) => deps.calc.calendar.localDate(d);
  const year = Number(localDate(now).slice(0, 4));
  const letters: { id: number; number: string; kind: string; responseDueAt: string }[] = [];
  for (const kind of LETTER_KINDS) {
    const template = s.templates[kind];
    const seq = await nextLetterSeq(em, kind, year);
    const number = letterNumber(s.letterPrefix, kind, year, seq);
    const responseDueAt = daysAfter(now, s.responseDays[kind]);
    const paragraphs = renderParagraphs(template, {
      recipient: locality.name,
      petitionNumber: petition.number,
      receivedOn: chineseDate(localDate(petition.receivedAt)),
      summary: petition.summary,
      headcount: String(petition.headcount),
      responseDueOn: chineseDate(localDate(responseDueAt)),
      resolutionDueOn: chineseDate(localDate(resolutionDueAt)),
      issuer: s.issuer,
    });
    const row = { entryId, petitionId: petition.id, kind, year, seq, number, recipientOrgId: locality.id, title: template.title, requiredResponse: template.requiredResponse, paragraphs, issuedAt: now, responseDueAt, respondedAt: null, respondedBy: null, responseText: null, declaredNotOwn: false, notOwnRejectedAt: null, supervisedAt: null, documentId: null, sha256: null };
    const id = await insertRow(em, CityVisitLetterEntity, row);
    if (deps.letterDocuments) {
      const doc = await deps.letterDocuments(em, { kindTitle: template.title, number, recipient: locality.name, paragraphs, issuer: s.issuer, issuedOn: chineseDate(localDate(now)) }, { petitionId: petition.id, letterId: id, actor: principal.subject, at: now });
      await em.update(CityVisitLetterEntity, id, { documentId: doc.documentId, sha256: doc.sha256 });
    }
    letters.push({ id, number, kind, responseDueAt: responseDueAt.toISOString() });
  }
  const meta = { actor: principal.subject, at: now };
  writes.append([
    {
      aggregateType: "petition",
      aggregateId: petition.id,
      meta,
      event: { type: "cityVisit.fastTrackOpened", data: { petitionId: petition.id, entryId, localityOrgId: locality.id, resolutionDueAt: resolutionDueAt.toISOString(), levelSkipped: a.levelSkipped, acceptance: a.acceptance, letters } },
    },
  ]);
}

/** Duties whose open clock means an item is still within its handling period below (Art. 19). */
const HANDLING_PERIOD_NATURE = "DUTY";

/**
 * After an item was linked to a matter: re-assesses level skipping and Art. 19 for every fast-tracked item of that
 * matter against the matter's other items, and records a changed decision with its event. Inside the link's
 * transaction; a matter without fast-tracked items costs two small reads.
 */
export async function reassessFastTrackOnMatter(em: EntityManager, matterId: number, now: Date, actor: string): Promise<void> {
  const items = await em.find(PetitionEntity, { where: { matterId }, select: { id: true, receivedAt: true, registeringOrgId: true, levelSkipping: true } });
  const entries = items.length ? await em.findBy(CityControlEntryEntity, { petitionId: In(items.map((i) => i.id)) }) : [];
  if (!entries.length) return;
  const orgs = await em.findBy(OrganizationEntity, { id: In([...new Set(items.map((i) => i.registeringOrgId))]) });
  const duties = await em.find(DeadlineEntity, { where: { petitionId: In(items.map((i) => i.id)), state: "OPEN", nature: HANDLING_PERIOD_NATURE, kind: Not(DeadlineKind.EVALUATION) }, select: { petitionId: true, dueAt: true } });
  const others = (exceptId: number): OtherItem[] =>
    items
      .filter((i) => i.id !== exceptId)
      .map((i) => ({ petitionId: i.id, receivedAt: i.receivedAt, registeredAtLevel: orgs.find((o) => o.id === i.registeringOrgId)!.level, openDutyDueAts: duties.filter((d) => d.petitionId === i.id).map((d) => d.dueAt) }));
  for (const e of entries) {
    const item = items.find((i) => i.id === e.petitionId)!;
    const a = assessFastTrack({ levelSkippingFlag: item.levelSkipping, receivedAt: item.receivedAt }, others(item.id), now);
    if (a.levelSkipped === e.levelSkipped && a.acceptance === e.acceptance && a.lowerPetitionId === e.lowerPetitionId) continue;
    await em.update(CityControlEntryEntity, e.id, { levelSkipped: a.levelSkipped, acceptance: a.acceptance, lowerPetitionId: a.lowerPetitionId });
    await appendOutbox(em, "petition", e.petitionId, [{ type: "cityVisit.acceptanceAssessed", data: { petitionId: e.petitionId, entryId: e.id, levelSkipped: a.levelSkipped, acceptance: a.acceptance, lowerPetitionId: a.lowerPetitionId, notToBeAcceptedHere: a.acceptance === CityAcceptance.LOWER_LEVEL_HANDLES } }], { actor, at: now });
  }
}
