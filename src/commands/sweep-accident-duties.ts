import { IsNull, LessThan } from "typeorm";
import { dutyOverdueSeverity, isDutyOverdue } from "../domain/accidents/accident-rules";
import { AccidentCaseState } from "../domain/accidents/accident-terms";
import { AlertKind, AlertSubjectType } from "../domain/alerts/alert-terms";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { AccidentCaseEntity, AccidentDutyEntity, OrganizationEntity } from "../db/entities";
import { appendOutbox, earlyWarningSettings, HubDeps, inTransaction } from "./command-context";
import { raiseAlert, supervisorOf } from "./raise-alert";

const BATCH = 200;

/**
 * Flags every accident duty not done past its due time, once, and alerts the locality's supervisor (its level above;
 * the city bureau for a county), one alert per duty. Runs with the deadline sweep. Idempotent: the flag is claimed
 * by a conditional update on `overdueAt IS NULL`, and the alert is keyed by the duty.
 */
export async function sweepAccidentDuties(deps: HubDeps, now: Date): Promise<{ accidentDutiesOverdue: number }> {
  const ackHours = earlyWarningSettings(deps).alertAckHours;
  let flagged = 0;
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const overdue = await em.find(AccidentDutyEntity, { where: { doneAt: IsNull(), overdueAt: IsNull(), dueAt: LessThan(now) }, take: BATCH, order: { dueAt: "ASC" } });
      const bureau = overdue.length ? await em.findOneBy(OrganizationEntity, { kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY }) : null;
      let claimedHere = 0;
      for (const d of overdue) {
        // The SQL picks candidates; the domain rule decides (strictly after the due instant, not done).
        if (!isDutyOverdue(d, now)) continue;
        const c = await em.findOneByOrFail(AccidentCaseEntity, { id: d.caseId });
        if (c.state !== AccidentCaseState.OPEN) continue;
        const claimed = await em.update(AccidentDutyEntity, { id: d.id, overdueAt: IsNull(), doneAt: IsNull() }, { overdueAt: now });
        if (!claimed.affected) continue;
        flagged++;
        claimedHere++;
        const meta = { actor: "system:accident-sweep", at: now };
        const supervisor = (await supervisorOf(em, c.localityOrgId)) ?? bureau?.id ?? c.localityOrgId;
        await appendOutbox(em, "accident-case", c.id, [{ type: "accident.duty-overdue", data: { caseId: c.id, dutyId: d.id, kind: d.kind, localityOrgId: c.localityOrgId, dueAt: d.dueAt.toISOString(), supervisorOrgId: supervisor } }], meta);
        await raiseAlert(
          em,
          {
            dedupeKey: `accident-duty-overdue:${d.id}`,
            kind: AlertKind.ACCIDENT_DUTY_OVERDUE,
            severity: dutyOverdueSeverity(c.kind),
            ownerOrgId: supervisor,
            ownerPerson: null,
            subjectType: AlertSubjectType.ACCIDENT_CASE,
            subjectId: c.id,
            message: `意外伤亡 case ${c.id}: ${d.kind} not done by ${d.dueAt.toISOString()}`,
            requiredActions: ["have the locality complete the duty at once", "record why it was late"],
          },
          { ...meta, ackHours },
        );
      }
      // A full batch of which nothing could be flagged (closed cases) would come back unchanged: stop rather than spin.
      return claimedHere ? overdue.length : 0;
    });
    if (n < BATCH) break;
  }
  return { accidentDutiesOverdue: flagged };
}
