import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { MachineClientAuthMethod } from "../domain/access/machine-clients";
import { Role } from "../domain/petition-terms";
import { MachineClientEntity } from "../db/entities/machine-client.entity";

registerEnumType(MachineClientAuthMethod, { name: "MachineClientAuthMethod", description: "How the client authenticates at POST /oauth/token" });

/** A partner system's OAuth client, as the bureau administrator sees it (never its secret or hash). */
@ObjectType("MachineClient")
export class MachineClientType {
  @Field(() => ID) id: string;
  @Field({ description: "The OAuth client_id (also the sub of its tokens)" }) clientId: string;
  @Field() name: string;
  @Field(() => ID) orgId: string;
  @Field(() => [Role]) roles: Role[];
  @Field(() => MachineClientAuthMethod) authMethod: MachineClientAuthMethod;
  @Field(() => String, { nullable: true, description: "The registered public JWK (PRIVATE_KEY_JWT), as JSON" }) publicJwk: string | null;
  @Field() createdAt: Date;
  @Field() createdBy: string;
  @Field(() => Date, { nullable: true }) rotatedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => String, { nullable: true }) revokedBy: string | null;

  static from(e: MachineClientEntity): MachineClientType {
    return Object.assign(new MachineClientType(), {
      id: String(e.id),
      clientId: e.clientId,
      name: e.name,
      orgId: String(e.orgId),
      roles: e.roles,
      authMethod: e.authMethod,
      publicJwk: e.publicJwk ? JSON.stringify(e.publicJwk) : null,
      createdAt: e.createdAt,
      createdBy: e.createdBy,
      rotatedAt: e.rotatedAt,
      revokedAt: e.revokedAt,
      revokedBy: e.revokedBy,
    });
  }
}

/** A client with its secret, returned only by create and rotate; the secret is not retrievable later. */
@ObjectType("MachineClientWithSecret")
export class MachineClientWithSecretType {
  @Field(() => MachineClientType) client: MachineClientType;
  @Field(() => String, { nullable: true, description: "Shown once; null for PRIVATE_KEY_JWT clients" }) clientSecret: string | null;
}

@InputType()
export class CreateMachineClientInput {
  @Field(() => ID) orgId: string;
  @Field() name: string;
  @Field(() => [Role]) roles: Role[];
  @Field(() => MachineClientAuthMethod) authMethod: MachineClientAuthMethod;
  @Field(() => String, { nullable: true, description: "Public JWK (JSON) for PRIVATE_KEY_JWT" }) publicJwk?: string | null;
}
