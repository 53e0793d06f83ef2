import { usesSecret } from "../domain/access/machine-clients";
import { BadInputError, NotFoundError } from "../domain/errors";
import { MachineClientEntity } from "../db/entities/machine-client.entity";
import { hashClientSecret, newClientSecret } from "../platform/client-secrets";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { recordMachineClientChange } from "./machine-client-audit";
import { assertOperationAllowed } from "../domain/access/policy";

/**
 * Replaces a secret client's secret; the old one stops working at once (tokens already issued run out within
 * their ≤ 15 minutes). Returns the new secret this once.
 */
export async function rotateMachineClientSecret(deps: HubDeps, ctx: CommandContext, id: number): Promise<{ client: MachineClientEntity; secret: string }> {
  assertOperationAllowed(ctx.principal, "Mutation.rotateMachineClientSecret");
  const secret = newClientSecret();
  const secretHash = await hashClientSecret(secret);
  const client = await inTransaction(deps, async (em) => {
    const row = await em.findOneBy(MachineClientEntity, { id });
    if (!row) throw new NotFoundError("machine client", id);
    if (row.revokedAt) throw new BadInputError("the client is revoked", [{ path: "id", message: "revoked" }]);
    if (!usesSecret(row.authMethod)) throw new BadInputError("a PRIVATE_KEY_JWT client has no secret", [{ path: "id", message: "no secret" }]);
    row.secretHash = secretHash;
    row.rotatedAt = nowOf(ctx);
    await em.update(MachineClientEntity, { id }, { secretHash, rotatedAt: row.rotatedAt });
    await recordMachineClientChange(em, ctx, row, "SECRET_ROTATED");
    return row;
  });
  return { client, secret };
}
