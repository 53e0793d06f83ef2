import "reflect-metadata";
import "../schema/enums";
import { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "./auth-checker";
import { OrganizationResolver } from "./organization.resolver";
import { PetitionLifecycleResolver } from "./petition-lifecycle.resolver";
import { PetitionResolver } from "./petition.resolver";
import { PetitionerResolver } from "./petitioner.resolver";
import { OperatorResolver } from "./operator.resolver";
import { ReferralCallbacksResolver } from "./referral-callbacks.resolver";
import { PetitionReferralsResolver, ReferralResolver } from "./referral.resolver";

/** The hub's executable schema. */
export function buildHubSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [PetitionResolver, PetitionerResolver, PetitionLifecycleResolver, OrganizationResolver, ReferralResolver, PetitionReferralsResolver, ReferralCallbacksResolver, OperatorResolver],
    authChecker,
    authMode: "error",
    validate: false,
    emitSchemaFile: false,
  });
}
