import { BadInputError, NotFoundError } from "../domain/errors";
import { OrganizationEntity } from "../db/entities";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertOperationAllowed } from "../domain/access/policy";

/** Sets an organisation's "level above" (used for reviews and escalation); city bureau only, audited via the outbox. */
export async function setLevelAbove(deps: HubDeps, ctx: CommandContext, orgId: number, levelAboveId: number): Promise<OrganizationEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.setOrganizationLevelAbove");
  if (orgId === levelAboveId) throw new BadInputError("an organisation cannot be above itself", [{ path: "levelAboveId", message: "same as id" }]);
  return inTransaction(deps, async (em) => {
    const org = await em.findOneBy(OrganizationEntity, { id: orgId });
    if (!org) throw new NotFoundError("organisation", orgId);
    if (!(await em.existsBy(OrganizationEntity, { id: levelAboveId }))) throw new NotFoundError("organisation", levelAboveId);
    const before = org.levelAboveId;
    org.levelAboveId = levelAboveId;
    await em.update(OrganizationEntity, { id: orgId }, { levelAboveId });
    await appendOutbox(em, "organization", orgId, [{ type: "organization.level-above-changed", data: { orgId, before, after: levelAboveId } }], {
      actor: ctx.principal.subject,
      requestId: ctx.requestId,
      at: nowOf(ctx),
    });
    return org;
  });
}
