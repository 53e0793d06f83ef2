import { assertOperationAllowed } from "../domain/access/policy";
import { NotFoundError } from "../domain/errors";
import { MachineClientEntity } from "../db/entities/machine-client.entity";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { recordMachineClientChange } from "./machine-client-audit";

/**
 * Revokes a client: no new tokens, and tokens it already holds are refused by every hub process within the
 * revocation cache's 5 s. Revoking twice is a no-op that keeps the first time and actor.
 */
export async function revokeMachineClient(deps: HubDeps, ctx: CommandContext, id: number): Promise<MachineClientEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.revokeMachineClient");
  return inTransaction(deps, async (em) => {
    const row = await em.findOneBy(MachineClientEntity, { id });
    if (!row) throw new NotFoundError("machine client", id);
    if (row.revokedAt) return row;
    row.revokedAt = nowOf(ctx);
    row.revokedBy = ctx.principal.subject;
    await em.update(MachineClientEntity, { id }, { revokedAt: row.revokedAt, revokedBy: row.revokedBy });
    await recordMachineClientChange(em, ctx, row, "REVOKED");
    return row;
  });
}
