import { IsNull } from "typeorm";
import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError, InvalidTransitionError, NotFoundError } from "../domain/errors";
import { CityControlEntryEntity } from "../db/entities";
import { visibleEntryForUpdate } from "../db/city-visit-queries";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";

/** The city bureau takes a matter off the city-controlled list (市控), with its reason; the row stays as history. */
export async function delistCityControl(deps: HubDeps, ctx: CommandContext, entryId: number, rawReason: string): Promise<CityControlEntryEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.delistCityControl");
  const reason = rawReason.trim();
  if (!reason || reason.length > 500) throw new BadInputError("invalid reason", [{ path: "reason", message: "1–500 characters" }]);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const entry = await visibleEntryForUpdate(em, ctx.principal, entryId);
    if (!entry) throw new NotFoundError("city control entry", entryId);
    const changes = { delistedAt: now, delistedBy: ctx.principal.subject, delistReason: reason };
    const claimed = await em.update(CityControlEntryEntity, { id: entry.id, delistedAt: IsNull() }, changes);
    if (!claimed.affected) throw new InvalidTransitionError("DELISTED", "delist", "already delisted");
    await appendOutbox(em, "petition", entry.petitionId, [{ type: "cityVisit.delisted", data: { entryId: entry.id, localityOrgId: entry.localityOrgId, reason } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return Object.assign(entry, changes);
  });
}
