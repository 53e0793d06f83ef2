import { IsNull } from "typeorm";
import { AccountabilityCause, AccountabilitySubjectType } from "../domain/accountability/accountability-terms";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { isResolutionOverdue, isReviewOverdue, RESOLUTION_OVERDUE_ARTICLE, resolutionOverdueKey, reviewDueKey } from "../domain/city-visit/city-control-supervision";
import { RESOLVED_STATES } from "../domain/visit-once/one-visit-rate";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { CityControlEntryEntity, OrganizationEntity, PetitionEntity } from "../db/entities";
import { appendOutbox, earlyWarningSettings, HubDeps, inTransaction } from "./command-context";
import { raiseAccountabilityCandidate } from "./raise-accountability-candidate";
import { raiseAlert } from "./raise-alert";

const BATCH = 200;
const ACTOR = "system:city-control-sweep";

/**
 * The city bureau's supervision of the 市控 list, run with the letter sweep: (1) a listed entry whose petition is
 * still unresolved strictly after the resolution deadline is flagged once per deadline, with a
 * `cityVisit.resolutionOverdue` event, a CRITICAL alert to the bureau (督办) and a MISSED_HANDLING_DEADLINE candidate
 * against the locality (Art. 45(1)); (2) a listed entry strictly after its review date is flagged once per review
 * round, with a `cityVisit.reviewDue` event and an alert to the bureau to keep or delist it. Idempotent: conditional
 * claims on the flag columns, alerts and candidates keyed by entry and deadline or round.
 */
export async function sweepCityControl(deps: HubDeps, now: Date): Promise<{ resolutionsOverdue: number; reviewsDue: number }> {
  const ackHours = earlyWarningSettings(deps).alertAckHours;
  const meta = { actor: ACTOR, at: now };
  let resolutionsOverdue = 0;
  let reviewsDue = 0;
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const due: (CityControlEntryEntity & { petitionState: string })[] = await em
        .getRepository(CityControlEntryEntity)
        .createQueryBuilder("e")
        .innerJoin(PetitionEntity, "p", "p.id = e.petitionId")
        .addSelect("p.state", "petitionState")
        .where("e.delistedAt IS NULL AND e.resolutionOverdueAt IS NULL AND e.resolutionDueAt < :now", { now })
        .andWhere("p.state NOT IN (:...resolved)", { resolved: RESOLVED_STATES })
        .orderBy("e.resolutionDueAt", "ASC")
        .limit(BATCH)
        .getRawAndEntities()
        .then(({ raw, entities }) => {
          const stateOf = new Map((raw as { e_id: number | string; petitionState: string }[]).map((r) => [Number(r.e_id), r.petitionState]));
          return entities.map((e) => Object.assign(e, { petitionState: stateOf.get(e.id) ?? "" }));
        });
      const bureau = due.length ? await em.findOneBy(OrganizationEntity, { kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY }) : null;
      let claimedHere = 0;
      for (const e of due) {
        if (!isResolutionOverdue(e, e.petitionState, now)) continue;
        const claimed = await em.update(CityControlEntryEntity, { id: e.id, resolutionOverdueAt: IsNull(), delistedAt: IsNull() }, { resolutionOverdueAt: now });
        if (!claimed.affected) continue;
        claimedHere++;
        resolutionsOverdue++;
        const key = resolutionOverdueKey(e.id, e.resolutionDueAt);
        await appendOutbox(em, "petition", e.petitionId, [{ type: "cityVisit.resolutionOverdue", data: { entryId: e.id, localityOrgId: e.localityOrgId, dueAt: e.resolutionDueAt.toISOString(), petitionState: e.petitionState } }], meta);
        await raiseAlert(
          em,
          {
            dedupeKey: key,
            kind: AlertKind.CITY_RESOLUTION_OVERDUE,
            severity: AlertSeverity.CRITICAL,
            ownerOrgId: bureau?.id ?? e.localityOrgId,
            ownerPerson: null,
            subjectType: AlertSubjectType.PETITION,
            subjectId: e.petitionId,
            message: `市控事项逾期未化解（化解期限 ${e.resolutionDueAt.toISOString()}），转入督办`,
            requiredActions: ["督办属地限期化解", "约谈包案领导", "审查是否追责"],
          },
          { ...meta, ackHours },
        );
        await raiseAccountabilityCandidate(
          em,
          {
            dedupeKey: key,
            cause: AccountabilityCause.MISSED_HANDLING_DEADLINE,
            article: RESOLUTION_OVERDUE_ARTICLE,
            responsibleOrgId: e.localityOrgId,
            responsiblePerson: e.responsiblePerson,
            subjectType: AccountabilitySubjectType.PETITION,
            subjectId: e.petitionId,
            summary: `市控来市走访事项未在市信访局确定的化解期限内化解（期限 ${e.resolutionDueAt.toISOString()}）`,
          },
          meta,
        );
      }
      return { fetched: due.length, claimedHere };
    });
    if (n.fetched < BATCH || n.claimedHere === 0) break;
  }
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const due = await em
        .getRepository(CityControlEntryEntity)
        .createQueryBuilder("e")
        .where("e.delistedAt IS NULL AND e.reviewOverdueAt IS NULL AND e.reviewDueAt < :now", { now })
        .orderBy("e.reviewDueAt", "ASC")
        .take(BATCH)
        .getMany();
      const bureau = due.length ? await em.findOneBy(OrganizationEntity, { kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY }) : null;
      let claimedHere = 0;
      for (const e of due) {
        if (!isReviewOverdue(e, now)) continue;
        const claimed = await em.update(CityControlEntryEntity, { id: e.id, reviewOverdueAt: IsNull(), delistedAt: IsNull() }, { reviewOverdueAt: now });
        if (!claimed.affected) continue;
        claimedHere++;
        reviewsDue++;
        await appendOutbox(em, "petition", e.petitionId, [{ type: "cityVisit.reviewDue", data: { entryId: e.id, localityOrgId: e.localityOrgId, reviewDueAt: e.reviewDueAt.toISOString() } }], meta);
        await raiseAlert(
          em,
          {
            dedupeKey: reviewDueKey(e.id, e.reviewDueAt),
            kind: AlertKind.CITY_CONTROL_REVIEW_DUE,
            severity: AlertSeverity.NOTICE,
            ownerOrgId: bureau?.id ?? e.localityOrgId,
            ownerPerson: null,
            subjectType: AlertSubjectType.PETITION,
            subjectId: e.petitionId,
            message: "市控事项到期复核：继续市控（确定下次复核日期）或销号",
            requiredActions: ["复核市控事项", "继续市控并确定下次复核日期，或销号"],
          },
          { ...meta, ackHours },
        );
      }
      return { fetched: due.length, claimedHere };
    });
    if (n.fetched < BATCH || n.claimedHere === 0) break;
  }
  return { resolutionsOverdue, reviewsDue };
}
