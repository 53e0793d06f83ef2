import { randomBytes } from "node:crypto";
import { checkClientGrant, MachineClientAuthMethod, usesSecret } from "../domain/access/machine-clients";
import { BadInputError, NotFoundError } from "../domain/errors";
import { Role } from "../domain/petition-terms";
import { OrganizationEntity } from "../db/entities";
import { MachineClientEntity } from "../db/entities/machine-client.entity";
import { parsePublicJwk } from "../platform/client-jwk";
import { hashClientSecret, newClientSecret } from "../platform/client-secrets";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { recordMachineClientChange } from "./machine-client-audit";
import { assertOperationAllowed } from "../domain/access/policy";
import { LIMITS } from "../domain/limits";

export interface CreateMachineClientInput {
  orgId: number;
  name: string;
  roles: Role[];
  authMethod: MachineClientAuthMethod;
  /** Required for PRIVATE_KEY_JWT: the client's public JWK as JSON. */
  publicJwk?: string | null;
}

/** The new client and, for secret methods, its secret: returned this once and never stored in clear. */
export interface CreatedMachineClient {
  client: MachineClientEntity;
  secret: string | null;
}

/** Registers a partner system's OAuth client (bureau administrator only); audited in the same transaction. */
export async function createMachineClient(deps: HubDeps, ctx: CommandContext, input: CreateMachineClientInput): Promise<CreatedMachineClient> {
  assertOperationAllowed(ctx.principal, "Mutation.createMachineClient");
  const name = input.name.trim();
  if (!name || name.length > LIMITS.clientName) throw new BadInputError(`name must be 1–${LIMITS.clientName} characters`, [{ path: "name", message: "length" }]);
  let publicJwk = null;
  let thumbprint: string | undefined;
  if (input.authMethod === MachineClientAuthMethod.PRIVATE_KEY_JWT) {
    if (!input.publicJwk) throw new BadInputError("PRIVATE_KEY_JWT needs publicJwk", [{ path: "publicJwk", message: "required" }]);
    ({ jwk: publicJwk, thumbprint } = await parsePublicJwk(input.publicJwk));
  } else if (input.publicJwk) throw new BadInputError("publicJwk is only for PRIVATE_KEY_JWT", [{ path: "publicJwk", message: "not used by secret methods" }]);
  const secret = usesSecret(input.authMethod) ? newClientSecret() : null;
  const secretHash = secret ? await hashClientSecret(secret) : null;
  const client = await inTransaction(deps, async (em) => {
    const org = await em.findOneBy(OrganizationEntity, { id: input.orgId });
    if (!org) throw new NotFoundError("organisation", input.orgId);
    const roles = checkClientGrant(org, input.roles);
    const row = em.create(MachineClientEntity, {
      clientId: `mc_${org.code.toLowerCase()}_${randomBytes(9).toString("base64url")}`,
      name,
      orgId: org.id,
      roles,
      authMethod: input.authMethod,
      secretHash,
      publicJwk,
      createdAt: nowOf(ctx),
      createdBy: ctx.principal.subject,
      rotatedAt: null,
      revokedAt: null,
      revokedBy: null,
    });
    await em.save(row);
    await recordMachineClientChange(em, ctx, row, "CREATED", { name, ...(thumbprint ? { keyThumbprint: thumbprint } : {}) });
    return row;
  });
  return { client, secret };
}
