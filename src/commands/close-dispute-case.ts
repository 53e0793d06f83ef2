import { assertOperationAllowed } from "../domain/access/policy";
import { DisputeCaseOutcome, DisputeCaseState, mayCloseDisputeCase } from "../domain/early-warning/dispute-case-terms";
import { canSeeLedgerEntry } from "../domain/early-warning/ledger-visibility";
import { BadInputError, DomainError, NotFoundError } from "../domain/errors";
import { DisputeCaseEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { findVisiblePetition } from "../db/petition-queries";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";

/** How a dispute case ends: resolved, or failed (optionally naming the petition the matter went on to). */
export interface CloseDisputeCaseInput {
  outcome: DisputeCaseOutcome;
  note: string;
  petitionId?: number | null;
}

function validate(i: CloseDisputeCaseInput): void {
  const issues: { path: string; message: string }[] = [];
  if (i.outcome !== DisputeCaseState.RESOLVED && i.outcome !== DisputeCaseState.FAILED) issues.push({ path: "outcome", message: "RESOLVED or FAILED" });
  if (!i.note.trim() || i.note.length > 2000) issues.push({ path: "note", message: "1–2000 characters" });
  // A resolved dispute went nowhere: only a failed one may name the petition it turned into.
  if (i.petitionId != null && i.outcome !== DisputeCaseState.FAILED) issues.push({ path: "petitionId", message: "only a FAILED case names the petition the matter went on to" });
  if (issues.length) throw new BadInputError("invalid dispute case closure", issues);
}

/**
 * Closes an open dispute case as RESOLVED or FAILED, by the locality's petition office or the city bureau (the ledger
 * rule). A named petition must be one the caller sees. Closing twice is INVALID_TRANSITION; the case is claimed by a
 * conditional update on its state, so two closures at once cannot both apply.
 */
export async function closeDisputeCase(deps: HubDeps, ctx: CommandContext, caseId: number, input: CloseDisputeCaseInput): Promise<DisputeCaseEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.closeDisputeCase");
  const now = nowOf(ctx);
  const found = await deps.db.getRepository(DisputeCaseEntity).findOneBy({ id: caseId });
  // Invisible and missing are the same answer, as for the ledger entry it came from.
  if (!found || !canSeeLedgerEntry(ctx.principal, await orgPath(deps.db, found.localityOrgId))) throw new NotFoundError("dispute case", caseId);
  validate(input);
  if (input.petitionId != null && !(await findVisiblePetition(deps.db, ctx.principal, input.petitionId))) throw new NotFoundError("petition", input.petitionId);
  return inTransaction(deps, async (em) => {
    const c = await em.findOneByOrFail(DisputeCaseEntity, { id: caseId });
    const changes = { state: input.outcome, outcomeNote: input.note.trim(), closedAt: now, closedBy: ctx.principal.subject, petitionId: input.petitionId ?? c.petitionId };
    const claimed = mayCloseDisputeCase(c.state) ? await em.update(DisputeCaseEntity, { id: caseId, state: DisputeCaseState.OPEN }, changes) : { affected: 0 };
    if (!claimed.affected) throw new DomainError("INVALID_TRANSITION", `cannot close a dispute case in state ${c.state}`, { from: c.state, event: "CLOSE" });
    Object.assign(c, changes);
    const data = { caseId, kind: c.kind, entryId: c.entryId, localityOrgId: c.localityOrgId, outcome: input.outcome, petitionId: c.petitionId };
    await appendOutbox(em, "dispute-case", caseId, [{ type: "disputeCase.closed", data }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return c;
  });
}
