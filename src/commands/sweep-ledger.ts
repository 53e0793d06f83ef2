import { IsNull, LessThan } from "typeorm";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { isConsultationOverdue } from "../domain/early-warning/consultation-rules";
import { LedgerEntryState } from "../domain/early-warning/ledger-terms";
import { LedgerEntryEntity, OrganizationEntity } from "../db/entities";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { appendOutbox, earlyWarningSettings, HubDeps, inTransaction } from "./command-context";
import { raiseAlert, supervisorOf } from "./raise-alert";

const BATCH = 200;

/**
 * Flags every ledger entry still awaiting its consultation past its due time, once, and alerts the owning locality's
 * supervisor (its level above; the city bureau for a county). Runs with the deadline sweep. Idempotent: the flag is
 * claimed by a conditional update, and the alert is keyed by the entry.
 */
export async function sweepLedger(deps: HubDeps, now: Date): Promise<{ ledgerOverdue: number }> {
  const settings = earlyWarningSettings(deps);
  let flagged = 0;
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const overdue = await em.find(LedgerEntryEntity, { where: { state: LedgerEntryState.AWAITING_CONSULTATION, consultationOverdueAt: IsNull(), consultationDueAt: LessThan(now) }, take: BATCH, order: { consultationDueAt: "ASC" } });
      const bureau = overdue.length ? await em.findOneBy(OrganizationEntity, { kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY }) : null;
      let claimedHere = 0;
      for (const e of overdue) {
        // The SQL picks candidates; the domain rule decides (strictly after the due instant, still awaiting).
        if (!isConsultationOverdue(e.state, e.consultationDueAt, now)) continue;
        const claimed = await em.update(LedgerEntryEntity, { id: e.id, consultationOverdueAt: IsNull() }, { consultationOverdueAt: now });
        if (!claimed.affected) continue;
        flagged++;
        claimedHere++;
        const meta = { actor: "system:ledger-sweep", at: now };
        const supervisor = (await supervisorOf(em, e.localityOrgId)) ?? bureau?.id ?? e.localityOrgId;
        await appendOutbox(em, "ledger-entry", e.id, [{ type: "ledger.consultation-overdue", data: { entryId: e.id, localityOrgId: e.localityOrgId, dueAt: e.consultationDueAt.toISOString(), supervisorOrgId: supervisor } }], meta);
        await raiseAlert(
          em,
          {
            dedupeKey: `ledger-overdue:${e.id}`,
            kind: AlertKind.LEDGER_CONSULTATION_OVERDUE,
            severity: AlertSeverity.WARNING,
            ownerOrgId: supervisor,
            ownerPerson: null,
            subjectType: AlertSubjectType.LEDGER_ENTRY,
            subjectId: e.id,
            message: `ledger entry ${e.id}: no consultation by ${e.consultationDueAt.toISOString()}`,
            requiredActions: ["have the locality hold the consultation (会商研判) at once", "record why it was late"],
          },
          { ...meta, ackHours: settings.alertAckHours },
        );
      }
      // A full batch of which nothing could be flagged would come back unchanged: stop rather than spin.
      return claimedHere ? overdue.length : 0;
    });
    if (n < BATCH) break;
  }
  return { ledgerOverdue: flagged };
}
