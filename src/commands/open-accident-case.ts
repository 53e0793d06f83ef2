import { assertOperationAllowed } from "../domain/access/policy";
import { dutyDueAt } from "../domain/accidents/accident-rules";
import { ACCIDENT_DUTY_KINDS, AccidentCaseState, AccidentKind, DEFAULT_ACCIDENT_SETTINGS } from "../domain/accidents/accident-terms";
import { canSeeAccidentCase } from "../domain/accidents/accident-visibility";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { canSeeLedgerEntry } from "../domain/early-warning/ledger-visibility";
import { BadInputError, ForbiddenError, NotFoundError } from "../domain/errors";
import { OrgKind } from "../domain/petition-terms";
import { AccidentCaseEntity, AccidentDutyEntity, LedgerEntryEntity, OrganizationEntity } from "../db/entities";
import { findVisibleMatterItems } from "../db/matter-queries";
import { orgPath } from "../db/org-tree";
import { findVisiblePetition } from "../db/petition-queries";
import { appendOutbox, CommandContext, earlyWarningSettings, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";
import { raiseAlert, supervisorOf } from "./raise-alert";

/** The accident settings of this process. */
export const accidentSettings = (deps: HubDeps) => deps.accidents ?? DEFAULT_ACCIDENT_SETTINGS;

/** An accident as the locality's office (or the city bureau) records it. No names of the dead or injured. */
export interface AccidentCaseInput {
  localityOrgId: number;
  kind: AccidentKind;
  casualties: number;
  occurredAt: Date;
  place: string;
  summary: string;
  leader: string;
  petitionId?: number | null;
  matterId?: number | null;
  ledgerEntryId?: number | null;
}

function validate(i: AccidentCaseInput): void {
  const issues: { path: string; message: string }[] = [];
  const text = (path: keyof AccidentCaseInput, v: string, max: number) => {
    if (!v.trim() || v.length > max) issues.push({ path, message: `1–${max} characters` });
  };
  text("place", i.place, 200);
  text("summary", i.summary, 1000);
  text("leader", i.leader, 100);
  if (!Number.isInteger(i.casualties) || i.casualties < 1 || i.casualties > 10_000) issues.push({ path: "casualties", message: "a whole number from 1 to 10000" });
  if (issues.length) throw new BadInputError("invalid accident case", issues);
}

const DUTY_ACTIONS = ["form the working team (工作专班)", "hold the risk consultation (风险研判)", "start the public-opinion watch (舆情监测)"];

/**
 * Opens an accident case and, in the same transaction, its three duties (each due the configured hours after
 * opening), a CRITICAL alert to the locality and a notice to the locality's supervisor. A county office opens cases
 * for its own locality only; the city bureau for any. Linked petition, matter and ledger entry must be visible.
 */
export async function openAccidentCase(deps: HubDeps, ctx: CommandContext, input: AccidentCaseInput): Promise<{ accidentCase: AccidentCaseEntity; duties: AccidentDutyEntity[] }> {
  assertOperationAllowed(ctx.principal, "Mutation.openAccidentCase");
  const now = nowOf(ctx);
  validate(input);
  assertDateInputs(deps, now, [{ path: "occurredAt", value: input.occurredAt, kind: "past" }]);
  const settings = accidentSettings(deps);
  const locality = await deps.db.getRepository(OrganizationEntity).findOneBy({ id: input.localityOrgId });
  if (!locality) throw new NotFoundError("organisation", input.localityOrgId);
  if (locality.kind !== OrgKind.PETITION_OFFICE) throw new BadInputError("an accident case's locality is a county petition office", [{ path: "localityOrgId", message: "not a county petition office" }]);
  if (!canSeeAccidentCase(ctx.principal, await orgPath(deps.db, locality.id))) throw new ForbiddenError("a county office opens accident cases for its own locality only");
  // Links: each must be visible to the caller (invisible and missing are the same answer).
  if (input.petitionId != null && !(await findVisiblePetition(deps.db, ctx.principal, input.petitionId))) throw new NotFoundError("petition", input.petitionId);
  if (input.matterId != null && !(await findVisibleMatterItems(deps.db, ctx.principal, input.matterId)).length) throw new NotFoundError("matter", input.matterId);
  if (input.ledgerEntryId != null) {
    const entry = await deps.db.getRepository(LedgerEntryEntity).findOneBy({ id: input.ledgerEntryId });
    if (!entry || !canSeeLedgerEntry(ctx.principal, await orgPath(deps.db, entry.localityOrgId))) throw new NotFoundError("ledger entry", input.ledgerEntryId);
  }
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  const ackHours = earlyWarningSettings(deps).alertAckHours;
  return inTransaction(deps, async (em) => {
    const accidentCase = em.create(AccidentCaseEntity, {
      localityOrgId: locality.id,
      kind: input.kind,
      casualties: input.casualties,
      occurredAt: input.occurredAt,
      place: input.place.trim(),
      summary: input.summary.trim(),
      leader: input.leader.trim(),
      petitionId: input.petitionId ?? null,
      matterId: input.matterId ?? null,
      ledgerEntryId: input.ledgerEntryId ?? null,
      state: AccidentCaseState.OPEN,
      openedBy: ctx.principal.subject,
      openedByOrgId: ctx.principal.orgId,
      openedAt: now,
      closureBasis: null,
      closure: null,
      closedAt: null,
      closedBy: null,
    });
    await em.insert(AccidentCaseEntity, accidentCase);
    const duties = ACCIDENT_DUTY_KINDS.map((kind) => em.create(AccidentDutyEntity, { caseId: accidentCase.id, kind, dueAt: dutyDueAt(kind, now, settings), doneAt: null, doneBy: null, evidence: null, overdueAt: null }));
    for (const d of duties) await em.insert(AccidentDutyEntity, d);
    const supervisor = await supervisorOf(em, locality.id);
    const data = { caseId: accidentCase.id, localityOrgId: locality.id, kind: input.kind, casualties: input.casualties, duties: duties.map((d) => ({ kind: d.kind, dueAt: d.dueAt.toISOString() })), supervisorOrgId: supervisor };
    await appendOutbox(em, "accident-case", accidentCase.id, [{ type: "accident.opened", data }], meta);
    const what = `${input.kind === AccidentKind.DEATH ? "死亡" : "受伤"} ${input.casualties} 人`;
    const subject = { subjectType: AlertSubjectType.ACCIDENT_CASE, subjectId: accidentCase.id };
    await raiseAlert(
      em,
      { dedupeKey: `accident-opened:${accidentCase.id}`, kind: AlertKind.ACCIDENT_OPENED, severity: AlertSeverity.CRITICAL, ownerOrgId: locality.id, ownerPerson: accidentCase.leader, ...subject, message: `意外伤亡 case ${accidentCase.id} (${what}, ${accidentCase.place})`, requiredActions: DUTY_ACTIONS },
      { ...meta, ackHours },
    );
    // The supervisor is informed with its own alert (to sign for), not just by seeing the locality's.
    if (supervisor !== null && supervisor !== locality.id) {
      await raiseAlert(
        em,
        { dedupeKey: `accident-reported:${accidentCase.id}`, kind: AlertKind.ACCIDENT_REPORTED, severity: AlertSeverity.CRITICAL, ownerOrgId: supervisor, ownerPerson: null, ...subject, message: `意外伤亡 case ${accidentCase.id} opened at ${locality.name} (${what})`, requiredActions: ["follow the locality's team, consultation and opinion watch", "be ready to send the city's help"] },
        { ...meta, ackHours },
      );
    }
    return { accidentCase, duties };
  });
}
