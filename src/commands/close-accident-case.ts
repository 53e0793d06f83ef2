import { IsNull } from "typeorm";
import { assertOperationAllowed } from "../domain/access/policy";
import { AccidentClosureRefusedError } from "../domain/accidents/accident-errors";
import { closureRefusal } from "../domain/accidents/accident-rules";
import { AccidentCaseState, AccidentClosureBasis, AccidentLegalRoute, AgreementClosure, LegalRouteClosure } from "../domain/accidents/accident-terms";
import { canSeeAccidentCase } from "../domain/accidents/accident-visibility";
import { BadInputError, NotFoundError } from "../domain/errors";
import { AccidentCaseEntity, AccidentDutyEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";

/** What a case is closed on: an agreement (协议) or a documented legal route — exactly one. */
export interface CloseAccidentCaseInput {
  agreement?: { date: Date; parties: string[]; reference: string; amount?: number | null } | null;
  legalRoute?: { route: AccidentLegalRoute; body: string; reference: string; date: Date } | null;
}

const text = (v: string, max: number) => !!v.trim() && v.length <= max;

function validate(i: CloseAccidentCaseInput): void {
  const issues: { path: string; message: string }[] = [];
  if (i.agreement) {
    const a = i.agreement;
    if (a.parties.length < 2 || a.parties.length > 20 || a.parties.some((p) => !text(p, 100))) issues.push({ path: "agreement.parties", message: "2–20 parties of 1–100 characters" });
    if (!text(a.reference, 100)) issues.push({ path: "agreement.reference", message: "1–100 characters" });
    if (a.amount != null && !(Number.isFinite(a.amount) && a.amount >= 0 && a.amount <= 1e10)) issues.push({ path: "agreement.amount", message: "a non-negative amount in yuan" });
  }
  if (i.legalRoute) {
    if (!text(i.legalRoute.body, 200)) issues.push({ path: "legalRoute.body", message: "1–200 characters" });
    if (!text(i.legalRoute.reference, 100)) issues.push({ path: "legalRoute.reference", message: "1–100 characters" });
  }
  if (issues.length) throw new BadInputError("invalid accident closure", issues);
}

/**
 * Closes a case on an agreement or a documented legal route, once all three duties are done. Refused with a stable
 * code otherwise (DUTIES_OUTSTANDING, CLOSURE_BASIS_REQUIRED; INVALID_TRANSITION when already closed). The case is
 * claimed by a conditional update on its state, so two closures at once cannot both apply.
 */
export async function closeAccidentCase(deps: HubDeps, ctx: CommandContext, caseId: number, input: CloseAccidentCaseInput): Promise<AccidentCaseEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.closeAccidentCase");
  const now = nowOf(ctx);
  const found = await deps.db.getRepository(AccidentCaseEntity).findOneBy({ id: caseId });
  if (!found || !canSeeAccidentCase(ctx.principal, await orgPath(deps.db, found.localityOrgId))) throw new NotFoundError("accident case", caseId);
  validate(input);
  assertDateInputs(deps, now, [
    { path: "agreement.date", value: input.agreement?.date, kind: "past" },
    { path: "legalRoute.date", value: input.legalRoute?.date, kind: "past" },
  ]);
  return inTransaction(deps, async (em) => {
    const c = await em.findOneByOrFail(AccidentCaseEntity, { id: caseId });
    const open = await em.countBy(AccidentDutyEntity, { caseId, doneAt: IsNull() });
    const refusal = closureRefusal(c.state, open, { agreement: !!input.agreement, legalRoute: !!input.legalRoute });
    if (refusal) throw new AccidentClosureRefusedError(refusal, { caseId, openDuties: open });
    const a = input.agreement;
    const l = input.legalRoute;
    const closure: AgreementClosure | LegalRouteClosure = a
      ? { date: a.date.toISOString(), parties: a.parties.map((p) => p.trim()), reference: a.reference.trim(), amount: a.amount ?? null }
      : { route: l!.route, body: l!.body.trim(), reference: l!.reference.trim(), date: l!.date.toISOString() };
    const closureBasis = a ? AccidentClosureBasis.AGREEMENT : AccidentClosureBasis.LEGAL_ROUTE;
    const claimed = await em.update(AccidentCaseEntity, { id: caseId, state: AccidentCaseState.OPEN }, { state: AccidentCaseState.CLOSED, closureBasis, closure, closedAt: now, closedBy: ctx.principal.subject });
    if (!claimed.affected) throw new AccidentClosureRefusedError("CASE_CLOSED", { caseId });
    Object.assign(c, { state: AccidentCaseState.CLOSED, closureBasis, closure, closedAt: now, closedBy: ctx.principal.subject });
    const data = { caseId, localityOrgId: c.localityOrgId, basis: closureBasis, ...(l ? { route: l.route } : {}) };
    await appendOutbox(em, "accident-case", caseId, [{ type: "accident.closed", data }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return c;
  });
}
