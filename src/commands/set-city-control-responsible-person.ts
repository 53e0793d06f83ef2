import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError, InvalidTransitionError, NotFoundError } from "../domain/errors";
import { CityControlEntryEntity } from "../db/entities";
import { visibleEntryForUpdate } from "../db/city-visit-queries";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";

/**
 * The city bureau names (or changes) the responsible person (包案领导) of a 市控 entry, which may be unknown at listing.
 * A role and name as the locality reported it, e.g. "垦利区副区长 王某"; the change is an event on the petition.
 */
export async function setCityControlResponsiblePerson(deps: HubDeps, ctx: CommandContext, entryId: number, rawPerson: string): Promise<CityControlEntryEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.setCityControlResponsiblePerson");
  const person = rawPerson.trim();
  if (!person || person.length > 100) throw new BadInputError("invalid responsible person", [{ path: "person", message: "1–100 characters" }]);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const entry = await visibleEntryForUpdate(em, ctx.principal, entryId);
    if (!entry) throw new NotFoundError("city control entry", entryId);
    if (entry.delistedAt) throw new InvalidTransitionError("DELISTED", "name the responsible person of", "the entry was delisted");
    await em.update(CityControlEntryEntity, entry.id, { responsiblePerson: person });
    await appendOutbox(em, "petition", entry.petitionId, [{ type: "cityVisit.responsiblePersonSet", data: { entryId: entry.id, localityOrgId: entry.localityOrgId, from: entry.responsiblePerson, to: person } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return Object.assign(entry, { responsiblePerson: person });
  });
}
