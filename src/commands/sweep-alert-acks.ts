import { IsNull, LessThan } from "typeorm";
import { AlertKind, AlertSubjectType, escalatedSeverity, isAckOverdue } from "../domain/alerts/alert-terms";
import { OrgLevel } from "../domain/petition-terms";
import { AlertEntity, OrganizationEntity } from "../db/entities";
import { appendOutbox, earlyWarningSettings, HubDeps, inTransaction } from "./command-context";
import { raiseAlert, supervisorOf } from "./raise-alert";

const BATCH = 200;

/**
 * Escalates every alert nobody signed for by its acknowledgement deadline, once: the alert is marked, an
 * `alert.ack-overdue` event goes on the stream, and a new alert goes to the owner's supervisor, one step more severe.
 * The chain ends at the city bureau: an alert the bureau owns (or whose supervisor is outside the city, such as the
 * provincial bureau, which does not sign in here) is marked and published but raises nothing further. Runs with the
 * deadline sweep; idempotent (a conditional update claims each alert, and the escalation is keyed by it).
 */
export async function sweepAlertAcks(deps: HubDeps, now: Date): Promise<{ alertAckOverdue: number }> {
  const ackHours = earlyWarningSettings(deps).alertAckHours;
  let escalated = 0;
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const due = await em.find(AlertEntity, { where: { acknowledgedAt: IsNull(), closedAt: IsNull(), ackOverdueAt: IsNull(), ackDueAt: LessThan(now) }, take: BATCH, order: { ackDueAt: "ASC" } });
      let claimedHere = 0;
      for (const a of due) {
        if (!isAckOverdue(a, now)) continue;
        const claimed = await em.update(AlertEntity, { id: a.id, ackOverdueAt: IsNull(), acknowledgedAt: IsNull() }, { ackOverdueAt: now });
        if (!claimed.affected) continue;
        escalated++;
        claimedHere++;
        const meta = { actor: "system:alert-sweep", at: now };
        const supervisorId = await supervisorOf(em, a.ownerOrgId);
        const supervisor = supervisorId === null ? null : await em.findOneBy(OrganizationEntity, { id: supervisorId });
        const within = supervisor !== null && supervisor.level !== OrgLevel.PROVINCE;
        await appendOutbox(em, "alert", a.id, [{ type: "alert.ack-overdue", data: { alertId: a.id, kind: a.kind, ownerOrgId: a.ownerOrgId, ackDueAt: a.ackDueAt.toISOString(), escalatedToOrgId: within ? supervisor.id : null } }], meta);
        if (!within) continue;
        await raiseAlert(
          em,
          {
            dedupeKey: `ack-overdue:${a.id}`,
            kind: AlertKind.ALERT_ACK_OVERDUE,
            severity: escalatedSeverity(a.severity),
            ownerOrgId: supervisor.id,
            ownerPerson: null,
            subjectType: AlertSubjectType.ALERT,
            subjectId: a.id,
            message: `alert ${a.id} (${a.kind}) was not signed for by ${a.ackDueAt.toISOString()}`,
            requiredActions: ["have the owning unit sign for the alert and act on it at once", "record why it was not signed for in time"],
          },
          { ...meta, ackHours },
        );
      }
      return claimedHere ? due.length : 0;
    });
    if (n < BATCH) break;
  }
  return { alertAckOverdue: escalated };
}
