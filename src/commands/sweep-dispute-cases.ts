import { IsNull, LessThan } from "typeorm";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { DisputeCaseState, isDisputeCaseOverdue } from "../domain/early-warning/dispute-case-terms";
import { DisputeCaseEntity } from "../db/entities";
import { appendOutbox, earlyWarningSettings, HubDeps, inTransaction } from "./command-context";
import { raiseAlert } from "./raise-alert";

const BATCH = 200;

/**
 * Flags every dispute case still open past its due time, once, and alerts its locality (the owner of the case).
 * Runs with the deadline sweep. Idempotent: the flag is claimed by a conditional update, the alert keyed by the case.
 */
export async function sweepDisputeCases(deps: HubDeps, now: Date): Promise<{ disputeCasesOverdue: number }> {
  const settings = earlyWarningSettings(deps);
  let flagged = 0;
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const overdue = await em.find(DisputeCaseEntity, { where: { state: DisputeCaseState.OPEN, overdueAt: IsNull(), dueAt: LessThan(now) }, take: BATCH, order: { dueAt: "ASC" } });
      let claimedHere = 0;
      for (const c of overdue) {
        // The SQL picks candidates; the domain rule decides (strictly after the due instant, still open).
        if (!isDisputeCaseOverdue(c.state, c.dueAt, now)) continue;
        const claimed = await em.update(DisputeCaseEntity, { id: c.id, overdueAt: IsNull(), state: DisputeCaseState.OPEN }, { overdueAt: now });
        if (!claimed.affected) continue;
        flagged++;
        claimedHere++;
        const meta = { actor: "system:dispute-case-sweep", at: now };
        await appendOutbox(em, "dispute-case", c.id, [{ type: "disputeCase.overdue", data: { caseId: c.id, kind: c.kind, entryId: c.entryId, localityOrgId: c.localityOrgId, dueAt: c.dueAt.toISOString() } }], meta);
        await raiseAlert(
          em,
          {
            dedupeKey: `dispute-case-overdue:${c.id}`,
            kind: AlertKind.DISPUTE_CASE_OVERDUE,
            severity: AlertSeverity.WARNING,
            ownerOrgId: c.localityOrgId,
            ownerPerson: c.owner,
            subjectType: AlertSubjectType.DISPUTE_CASE,
            subjectId: c.id,
            message: `dispute case ${c.id} (${c.kind}): still open after ${c.dueAt.toISOString()}`,
            requiredActions: ["have the case owner report where the case stands", "close the case, or record why it runs late"],
          },
          { ...meta, ackHours: settings.alertAckHours },
        );
      }
      // A full batch of which nothing could be flagged would come back unchanged: stop rather than spin.
      return claimedHere ? overdue.length : 0;
    });
    if (n < BATCH) break;
  }
  return { disputeCasesOverdue: flagged };
}
