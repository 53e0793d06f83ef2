import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError, NotFoundError } from "../domain/errors";
import { CityControlEntryEntity } from "../db/entities";
import { visibleEntryForUpdate } from "../db/city-visit-queries";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";

/**
 * The city bureau changes the resolution deadline it set for a fast-tracked matter. The change (from, to, reason,
 * who) is an event on the petition and, through the mutation, an audit-log entry.
 */
export async function setCityVisitResolutionDeadline(deps: HubDeps, ctx: CommandContext, entryId: number, dueAt: Date, rawReason: string): Promise<CityControlEntryEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.setCityVisitResolutionDeadline");
  const reason = rawReason.trim();
  if (!reason || reason.length > 500) throw new BadInputError("invalid reason", [{ path: "reason", message: "1–500 characters" }]);
  const now = nowOf(ctx);
  assertDateInputs(deps, now, [{ path: "dueAt", value: dueAt, kind: "due" }]);
  if (dueAt.getTime() <= now.getTime()) throw new BadInputError("the deadline must be in the future", [{ path: "dueAt", message: "after now" }]);
  return inTransaction(deps, async (em) => {
    const entry = await visibleEntryForUpdate(em, ctx.principal, entryId);
    if (!entry) throw new NotFoundError("city control entry", entryId);
    const from = entry.resolutionDueAt;
    // A new deadline is watched anew (sweep-city-control.ts keys its alert and candidate by entry and deadline).
    await em.update(CityControlEntryEntity, entry.id, { resolutionDueAt: dueAt, resolutionDueSetBy: ctx.principal.subject, resolutionOverdueAt: null });
    await appendOutbox(em, "petition", entry.petitionId, [{ type: "cityVisit.resolutionDeadlineChanged", data: { entryId: entry.id, from: from.toISOString(), to: dueAt.toISOString(), reason } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return Object.assign(entry, { resolutionDueAt: dueAt, resolutionDueSetBy: ctx.principal.subject, resolutionOverdueAt: null });
  });
}
