import { EntityManager } from "typeorm";
import { MachineClientChangeEntity } from "../db/entities/machine-client-change.entity";
import { MachineClientEntity } from "../db/entities/machine-client.entity";
import { appendOutbox, CommandContext, nowOf } from "./command-context";

/** What a machine-client command did, for the history row and the `MachineClientChanged` event. */
export type MachineClientAction = "CREATED" | "SECRET_ROTATED" | "REVOKED";

/**
 * Records one administration step in the caller's transaction: a `machine_client_change` row and an outbox
 * event `MachineClientChanged`. Never secrets or hashes, only what changed and who did it.
 */
export async function recordMachineClientChange(em: EntityManager, ctx: CommandContext, client: MachineClientEntity, action: MachineClientAction, details: Record<string, unknown> = {}): Promise<void> {
  const at = nowOf(ctx);
  const facts = { clientId: client.clientId, orgId: client.orgId, roles: client.roles, authMethod: client.authMethod, ...details };
  await em.insert(MachineClientChangeEntity, {
    machineClientId: client.id,
    action,
    actor: ctx.principal.subject,
    actorOrgId: ctx.principal.orgId,
    details: facts,
    requestId: ctx.requestId ?? null,
    at,
  });
  await appendOutbox(em, "machine_client", client.id, [{ type: "MachineClientChanged", data: { action, machineClientId: client.id, ...facts } }], {
    actor: ctx.principal.subject,
    requestId: ctx.requestId,
    at,
  });
}
