import { EntityManager } from "typeorm";
import { AlertSubjectType } from "../domain/alerts/alert-terms";
import { ledgerPreAlertLine } from "../domain/bottom-lines/bottom-line-rules";
import type { LedgerConsultationEntity, LedgerEntryEntity } from "../db/entities";
import { HubDeps } from "./command-context";
import { raiseBottomLinePreAlert } from "./raise-bottom-line-breach";

/**
 * Ledger intelligence as a pre-alert of lines 2 and 3: a consultation grading a reported plan to visit the province
 * or Beijing HIGH or MAJOR warns the locality, owned by the consultation's owner, once per entry and line.
 */
export async function preAlertFromLedger(em: EntityManager, deps: HubDeps, entry: LedgerEntryEntity, c: LedgerConsultationEntity, meta: { actor: string; requestId?: string; at: Date }): Promise<void> {
  const line = ledgerPreAlertLine(entry.riskType, c.grade);
  if (!line) return;
  await raiseBottomLinePreAlert(
    em,
    deps,
    { dedupeKey: `ledger-bottom-line:${entry.id}`, line, localityOrgId: entry.localityOrgId, ownerPerson: c.owner, subjectType: AlertSubjectType.LEDGER_ENTRY, subjectId: entry.id, message: `ledger entry ${entry.id}: ${entry.peopleCount} people, graded ${c.grade}` },
    meta,
  );
}
