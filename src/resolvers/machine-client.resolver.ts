import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { MachineClientEntity } from "../db/entities/machine-client.entity";
import { createMachineClient } from "../commands/create-machine-client";
import { revokeMachineClient } from "../commands/revoke-machine-client";
import { rotateMachineClientSecret } from "../commands/rotate-machine-client-secret";
import { CreateMachineClientInput, MachineClientType, MachineClientWithSecretType } from "../schema/machine-client.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { parseId } from "./ids";

const withSecret = (client: MachineClientEntity, secret: string | null) => Object.assign(new MachineClientWithSecretType(), { client: MachineClientType.from(client), clientSecret: secret });

/** Machine clients (OAuth client credentials) of partner systems: the bureau administrator's registry. */
@Resolver()
export class MachineClientResolver {
  @Query(() => [MachineClientType], { description: "Every machine client, revoked ones included (bureau administrator only)" })
  async machineClients(@Ctx() ctx: HubContext): Promise<MachineClientType[]> {
    const rows = await ctx.deps.db.getRepository(MachineClientEntity).find({ order: { id: "ASC" } });
    return rows.map(MachineClientType.from);
  }

  @Mutation(() => MachineClientWithSecretType, { description: "Register a partner system's client; the secret is in this response only" })
  async createMachineClient(@Arg("input") input: CreateMachineClientInput, @Ctx() ctx: HubContext): Promise<MachineClientWithSecretType> {
    const { client, secret } = await createMachineClient(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, { ...input, orgId: parseId(input.orgId, "input.orgId") });
    return withSecret(client, secret);
  }

  @Mutation(() => MachineClientWithSecretType, { description: "New secret for a secret client; the old one stops working at once" })
  async rotateMachineClientSecret(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<MachineClientWithSecretType> {
    const { client, secret } = await rotateMachineClientSecret(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, parseId(id, "id"));
    return withSecret(client, secret);
  }

  @Mutation(() => MachineClientType, { description: "Revoke a client: no new tokens, and its issued tokens are refused within 5 s" })
  async revokeMachineClient(@Arg("id", () => ID) id: string, @Ctx() ctx: HubContext): Promise<MachineClientType> {
    const row = await revokeMachineClient(ctx.deps, { principal: principalOf(ctx), requestId: ctx.requestId }, parseId(id, "id"));
    ctx.deps.identity?.clients.forget(row.clientId);
    return MachineClientType.from(row);
  }
}
