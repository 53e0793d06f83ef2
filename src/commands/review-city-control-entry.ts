import { assertOperationAllowed } from "../domain/access/policy";
import { isValidNextReviewDate } from "../domain/city-visit/city-control-supervision";
import { BadInputError, InvalidTransitionError, NotFoundError } from "../domain/errors";
import { CityControlEntryEntity } from "../db/entities";
import { visibleEntryForUpdate } from "../db/city-visit-queries";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertDateInputs } from "./date-inputs";

/**
 * The city bureau reviews a 市控 entry and keeps it listed: sets the next review date (a local date after today; due
 * at its end, Beijing time) and clears the review flag, so the sweep watches the new round. The review (from, to,
 * note, who) is a `cityVisit.controlReviewed` event and, through the mutation, an audit-log entry. Delisting is the
 * other outcome of a review (delistCityControl).
 */
export async function reviewCityControlEntry(deps: HubDeps, ctx: CommandContext, entryId: number, nextReviewOn: string, rawNote: string): Promise<CityControlEntryEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.reviewCityControlEntry");
  const note = rawNote.trim();
  if (!note || note.length > 500) throw new BadInputError("invalid note", [{ path: "note", message: "1–500 characters" }]);
  const now = nowOf(ctx);
  const cal = deps.calc.calendar;
  if (!isValidNextReviewDate(nextReviewOn, cal.localDate(now))) throw new BadInputError("the next review date must be a date YYYY-MM-DD after today", [{ path: "nextReviewOn", message: "a date after today" }]);
  const reviewDueAt = cal.endOfDay(nextReviewOn);
  assertDateInputs(deps, now, [{ path: "nextReviewOn", value: reviewDueAt, kind: "due" }]);
  return inTransaction(deps, async (em) => {
    const entry = await visibleEntryForUpdate(em, ctx.principal, entryId);
    if (!entry) throw new NotFoundError("city control entry", entryId);
    if (entry.delistedAt) throw new InvalidTransitionError("DELISTED", "review", "the entry was delisted");
    const changes = { reviewDueAt, reviewOverdueAt: null };
    await em.update(CityControlEntryEntity, entry.id, changes);
    await appendOutbox(em, "petition", entry.petitionId, [{ type: "cityVisit.controlReviewed", data: { entryId: entry.id, localityOrgId: entry.localityOrgId, from: entry.reviewDueAt.toISOString(), to: reviewDueAt.toISOString(), wasOverdue: entry.reviewOverdueAt !== null, note } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return Object.assign(entry, changes);
  });
}
