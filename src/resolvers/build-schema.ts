import "reflect-metadata";
import "../schema/enums";
import { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "./auth-checker";
import { OrganizationResolver } from "./organization.resolver";
import { PetitionLifecycleResolver } from "./petition-lifecycle.resolver";
import { PetitionResolver } from "./petition.resolver";
import { PetitionerResolver } from "./petitioner.resolver";

/** The hub's executable schema. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [PetitionResolver, PetitionerResolver, PetitionLifecycleResolver, OrganizationResolver],
    authChecker,
    authMode: "error",
    validate: false,
    emitSchemaFile: false,
  });
}
