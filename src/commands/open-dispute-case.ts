import { EntityManager } from "typeorm";
import { caseKindOf, DisputeCaseState } from "../domain/early-warning/dispute-case-terms";
import { DisputeCaseEntity, LedgerConsultationEntity, LedgerEntryEntity } from "../db/entities";
import { appendOutbox } from "./command-context";

/**
 * Opens the dispute case a consultation's decision asks for (OPEN_MEDIATION_CASE, OPEN_PRE_PETITION_CASE), inside
 * recordConsultation's transaction, with its `disputeCase.opened` event; the other decisions open none (null). The
 * case takes the consultation's owner and due time, and its petition link when the consultation named one.
 */
export async function openDisputeCaseFromConsultation(
  em: EntityManager,
  entry: LedgerEntryEntity,
  consultation: LedgerConsultationEntity,
  meta: { actor: string; requestId?: string; at: Date },
): Promise<DisputeCaseEntity | null> {
  const kind = caseKindOf(consultation.decision);
  if (!kind) return null;
  const c = em.create(DisputeCaseEntity, {
    kind,
    entryId: entry.id,
    consultationId: consultation.id,
    localityOrgId: entry.localityOrgId,
    owner: consultation.owner,
    dueAt: consultation.dueAt,
    state: DisputeCaseState.OPEN,
    openedAt: meta.at,
    openedBy: meta.actor,
    overdueAt: null,
    outcomeNote: null,
    closedAt: null,
    closedBy: null,
    petitionId: consultation.petitionId,
  });
  await em.insert(DisputeCaseEntity, c);
  const data = { caseId: c.id, kind, entryId: entry.id, consultationId: consultation.id, localityOrgId: entry.localityOrgId, dueAt: c.dueAt.toISOString(), petitionId: c.petitionId };
  await appendOutbox(em, "dispute-case", c.id, [{ type: "disputeCase.opened", data }], meta);
  return c;
}
