import { assertOperationAllowed } from "../domain/access/policy";
import { AlertKind, AlertSubjectType } from "../domain/alerts/alert-terms";
import { ConsultationAlertKind, consultationAlertSeverity, consultationEffect, mayConsult } from "../domain/early-warning/consultation-rules";
import { ConsultationDecision, RiskGrade } from "../domain/early-warning/ledger-terms";
import { canSeeLedgerEntry } from "../domain/early-warning/ledger-visibility";
import { BadInputError, DomainError, NotFoundError } from "../domain/errors";
import { DisputeCaseEntity, LedgerConsultationEntity, LedgerEntryEntity, MatterEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { findVisiblePetition } from "../db/petition-queries";
import { appendOutbox, CommandContext, earlyWarningSettings, HubDeps, inTransaction, nowOf } from "./command-context";
import { AlertSpec, raiseAlert } from "./raise-alert";
import { preAlertFromLedger } from "./ledger-bottom-line-pre-alert";
import { openDisputeCaseFromConsultation } from "./open-dispute-case";

/** A consultation (会商研判) as recorded by the locality's petition office or the city bureau. */
export interface ConsultationInput {
  participants: string[];
  assessment: string;
  grade: RiskGrade;
  decision: ConsultationDecision;
  owner: string;
  dueAt: Date;
  petitionId?: number | null;
  matterId?: number | null;
}

function validate(i: ConsultationInput, now: Date): void {
  const issues: { path: string; message: string }[] = [];
  if (i.participants.length < 1 || i.participants.length > 30 || i.participants.some((p) => !p.trim() || p.length > 100)) issues.push({ path: "participants", message: "1–30 names of 1–100 characters" });
  if (!i.assessment.trim() || i.assessment.length > 2000) issues.push({ path: "assessment", message: "1–2000 characters" });
  if (!i.owner.trim() || i.owner.length > 100) issues.push({ path: "owner", message: "1–100 characters" });
  if (!(i.dueAt.getTime() > now.getTime())) issues.push({ path: "dueAt", message: "must be in the future" });
  if (issues.length) throw new BadInputError("invalid consultation", issues);
}

const ALERT_OF: Record<ConsultationAlertKind, { kind: AlertKind; actions: string[] }> = {
  LEDGER_ESCALATED: { kind: AlertKind.LEDGER_ESCALATED, actions: ["convene the joint meeting (联席会议)", "assign a leader to own the case", "report the outcome to the city bureau"] },
  LEDGER_HIGH_RISK: { kind: AlertKind.LEDGER_HIGH_RISK, actions: ["assign stability-control responsibility (稳控责任)", "verify the people involved", "report developments daily"] },
};

/**
 * Records an entry's consultation and applies its decision: the entry's next state, the dispute case it opens (if any), an alert to the locality for an
 * escalation or a grade at or above the alert grade, and the link to a petition or matter where given. The entry is
 * claimed by a conditional update on its state, so two consultations recorded at once cannot both apply.
 */
export async function recordConsultation(deps: HubDeps, ctx: CommandContext, entryId: number, input: ConsultationInput): Promise<{ entry: LedgerEntryEntity; consultation: LedgerConsultationEntity; disputeCase: DisputeCaseEntity | null }> {
  assertOperationAllowed(ctx.principal, "Mutation.recordConsultation");
  const now = nowOf(ctx);
  validate(input, now);
  const settings = earlyWarningSettings(deps);
  const found = await deps.db.getRepository(LedgerEntryEntity).findOneBy({ id: entryId });
  // Invisible and missing are the same answer: a county learns nothing of another county's ledger.
  if (!found || !canSeeLedgerEntry(ctx.principal, await orgPath(deps.db, found.localityOrgId))) throw new NotFoundError("ledger entry", entryId);
  if (input.petitionId != null && !(await findVisiblePetition(deps.db, ctx.principal, input.petitionId))) throw new NotFoundError("petition", input.petitionId);
  if (input.matterId != null && !(await deps.db.getRepository(MatterEntity).existsBy({ id: input.matterId }))) throw new NotFoundError("matter", input.matterId);
  const effect = consultationEffect(input.decision, input.grade, settings.alertGrade);
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  return inTransaction(deps, async (em) => {
    const entry = await em.findOneByOrFail(LedgerEntryEntity, { id: entryId });
    const claimed = mayConsult(entry.state) ? await em.update(LedgerEntryEntity, { id: entryId, state: entry.state }, { state: effect.state }) : { affected: 0 };
    if (!claimed.affected) throw new DomainError("INVALID_TRANSITION", `cannot consult a ledger entry in state ${entry.state}`, { from: entry.state, event: "CONSULT" });
    const consultation = em.create(LedgerConsultationEntity, {
      entryId,
      participants: input.participants.map((p) => p.trim()),
      assessment: input.assessment.trim(),
      grade: input.grade,
      decision: input.decision,
      owner: input.owner.trim(),
      dueAt: input.dueAt,
      petitionId: input.petitionId ?? null,
      matterId: input.matterId ?? null,
      recordedBy: ctx.principal.subject,
      recordedAt: now,
    });
    await em.insert(LedgerConsultationEntity, consultation);
    const from = entry.state;
    entry.state = effect.state;
    const data = { entryId, consultationId: consultation.id, from, to: entry.state, decision: input.decision, grade: input.grade, localityOrgId: entry.localityOrgId, petitionId: consultation.petitionId, matterId: consultation.matterId };
    await appendOutbox(em, "ledger-entry", entryId, [{ type: "ledger.consulted", data }], meta);
    for (const a of effect.alerts) {
      const spec: AlertSpec = {
        dedupeKey: `${a.toLowerCase()}:${consultation.id}`,
        kind: ALERT_OF[a].kind,
        severity: consultationAlertSeverity(a, input.grade),
        ownerOrgId: entry.localityOrgId,
        ownerPerson: consultation.owner,
        subjectType: AlertSubjectType.LEDGER_ENTRY,
        subjectId: entryId,
        message: `ledger entry ${entryId}: ${a === "LEDGER_ESCALATED" ? "escalated to the joint meeting" : `risk graded ${input.grade}`}`,
        requiredActions: ALERT_OF[a].actions,
      };
      await raiseAlert(em, spec, { ...meta, ackHours: settings.alertAckHours });
    }
    await preAlertFromLedger(em, deps, entry, consultation, meta); // issue 9 item 4: lines 2 and 3
    const disputeCase = await openDisputeCaseFromConsultation(em, entry, consultation, meta); // issue 9 item 1: the case record
    return { entry, consultation, disputeCase };
  });
}
