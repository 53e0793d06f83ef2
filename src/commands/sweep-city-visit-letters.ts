import { IsNull, LessThan, Not } from "typeorm";
import { AccountabilityCause, AccountabilitySubjectType } from "../domain/accountability/accountability-terms";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { isResponseOverdue } from "../domain/city-visit/fast-track-rules";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { CityVisitLetterEntity, OrganizationEntity } from "../db/entities";
import { appendOutbox, earlyWarningSettings, HubDeps, inTransaction } from "./command-context";
import { raiseAccountabilityCandidate } from "./raise-accountability-candidate";
import { raiseAlert } from "./raise-alert";
import { BUCK_PASSING_ARTICLE } from "./reject-not-own-declaration";

const BATCH = 200;

/**
 * Sends every fast-track letter still unanswered past its response due time to supervision (督办), once: flags it,
 * alerts the city bureau, and records the event. A second overdue letter on the same case is 拖延 and raises an
 * accountability candidate against the locality. Runs with the deadline sweep; idempotent (conditional claim,
 * alert and candidate keyed by letter and case).
 */
export async function sweepCityVisitLetters(deps: HubDeps, now: Date): Promise<{ lettersSupervised: number }> {
  let supervised = 0;
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const due = await em.find(CityVisitLetterEntity, { where: { respondedAt: IsNull(), supervisedAt: IsNull(), responseDueAt: LessThan(now) }, take: BATCH, order: { responseDueAt: "ASC" } });
      const bureau = due.length ? await em.findOneBy(OrganizationEntity, { kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY }) : null;
      let claimedHere = 0;
      for (const l of due) {
        if (!isResponseOverdue(l, now)) continue;
        const claimed = await em.update(CityVisitLetterEntity, { id: l.id, supervisedAt: IsNull(), respondedAt: IsNull() }, { supervisedAt: now });
        if (!claimed.affected) continue;
        supervised++;
        claimedHere++;
        const meta = { actor: "system:city-visit-sweep", at: now };
        await appendOutbox(em, "petition", l.petitionId, [{ type: "cityVisit.letterSupervised", data: { letterId: l.id, number: l.number, kind: l.kind, localityOrgId: l.recipientOrgId, dueAt: l.responseDueAt.toISOString() } }], meta);
        await raiseAlert(
          em,
          {
            dedupeKey: `city-letter-overdue:${l.id}`,
            kind: AlertKind.CITY_LETTER_RESPONSE_OVERDUE,
            severity: AlertSeverity.WARNING,
            ownerOrgId: bureau?.id ?? l.recipientOrgId,
            ownerPerson: null,
            subjectType: AlertSubjectType.PETITION,
            subjectId: l.petitionId,
            message: `${l.number}（${l.title}）逾期未反馈，转入督办`,
            requiredActions: ["督办属地反馈", "约谈属地责任人"],
          },
          { ...meta, ackHours: earlyWarningSettings(deps).alertAckHours },
        );
        // A second overdue letter on the same case: the locality delays (拖延), a candidate for accountability.
        const before = await em.countBy(CityVisitLetterEntity, { petitionId: l.petitionId, supervisedAt: Not(IsNull()) });
        if (before >= 2)
          await raiseAccountabilityCandidate(
            em,
            {
              dedupeKey: `letter-overdue:petition:${l.petitionId}`,
              cause: AccountabilityCause.LETTER_RESPONSE_OVERDUE,
              article: BUCK_PASSING_ARTICLE,
              responsibleOrgId: l.recipientOrgId,
              responsiblePerson: null,
              subjectType: AccountabilitySubjectType.PETITION,
              subjectId: l.petitionId,
              summary: `同一来市走访事项第二份交办函逾期未反馈（${l.number}）`,
            },
            meta,
          );
      }
      return { fetched: due.length, claimedHere };
    });
    if (n.fetched < BATCH || n.claimedHere === 0) break;
  }
  return { lettersSupervised: supervised };
}
