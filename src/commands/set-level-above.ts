import { BadInputError, NotFoundError } from "../domain/errors";
import { OrganizationEntity } from "../db/entities";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertOperationAllowed } from "../domain/access/policy";
import { levelAboveCycle } from "../domain/organizations/level-above";

/** Sets an organisation's "level above" (used for reviews and escalation); city bureau only, audited via the outbox. */
export async function setLevelAbove(deps: HubDeps, ctx: CommandContext, orgId: number, levelAboveId: number): Promise<OrganizationEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.setOrganizationLevelAbove");
  if (orgId === levelAboveId) throw new BadInputError("an organisation cannot be above itself", [{ path: "levelAboveId", message: "same as id" }]);
  return inTransaction(deps, async (em) => {
    const org = await em.findOneBy(OrganizationEntity, { id: orgId });
    if (!org) throw new NotFoundError("organisation", orgId);
    if (!(await em.existsBy(OrganizationEntity, { id: levelAboveId }))) throw new NotFoundError("organisation", levelAboveId);
    // The whole chain, locked on MariaDB so two changes that together close a cycle (A above B, B above A) serialise;
    // SQLite runs one write transaction at a time anyway. Organisations are a few dozen rows of reference data.
    const qb = em.createQueryBuilder(OrganizationEntity, "o").select(["o.id", "o.levelAboveId"]);
    if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
    const chain = new Map((await qb.getMany()).map((o) => [o.id, o.levelAboveId]));
    const cycle = levelAboveCycle(orgId, levelAboveId, chain);
    if (cycle.length) throw new BadInputError("the level above would form a cycle", [{ path: "levelAboveId", message: `cycle through organisations ${[...cycle, orgId].join(" → ")}` }]);
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
