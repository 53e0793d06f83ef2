import "reflect-metadata";
import "../schema/enums";
import { GraphQLSchema } from "graphql";
import { buildSchema, BuildSchemaOptions } from "type-graphql";
import { hubReferenceResolvers } from "../federation/hub-references";
import { buildTypeGraphQLSubgraph } from "../federation/subgraph-schema";
import { auditMutations } from "./audit-mutations";
import { AccountabilityResolver } from "./accountability.resolver";
import { AccidentResolver } from "./accident.resolver";
import { BottomLineResolver } from "./bottom-line.resolver";
import { AlertResolver } from "./alert.resolver";
import { AuditResolver } from "./audit.resolver";
import { CityVisitResolver } from "./city-visit.resolver";
import { LedgerResolver } from "./ledger.resolver";
import { DisputeCaseResolver, LedgerEntryCasesResolver } from "./dispute-case.resolver";
import { enforcePolicy } from "./enforce-policy";
import { directFieldResolvers } from "./direct-field-resolvers";
import { ChangesResolver } from "./changes.resolver";
import { CitizenResolver } from "./citizen.resolver";
import { OrganizationResolver } from "./organization.resolver";
import { PetitionLifecycleResolver } from "./petition-lifecycle.resolver";
import { PetitionResolver } from "./petition.resolver";
import { PetitionActionsResolver } from "./petition-actions.resolver";
import { PetitionerResolver } from "./petitioner.resolver";
import { OperatorResolver } from "./operator.resolver";
import { DashboardResolver } from "./dashboard.resolver";
import { DeadLetterResolver } from "./dead-letter.resolver";
import { MachineClientResolver } from "./machine-client.resolver";
import { MatterResolver } from "./matter.resolver";
import { PetitionMatterOwnerResolver, VisitOnceResolver } from "./visit-once.resolver";
import { ReferralCallbacksResolver } from "./referral-callbacks.resolver";
import { PetitionReferralsResolver, ReferralResolver } from "./referral.resolver";
import { PetitionDocumentsResolver } from "./document.resolver";

/** type-graphql options of the hub's schema: resolvers, and the one authorization policy asked for every root field. */
export function hubSchemaOptions(): BuildSchemaOptions {
  return {
    resolvers: [PetitionResolver, PetitionActionsResolver, PetitionerResolver, PetitionLifecycleResolver, OrganizationResolver, ReferralResolver, PetitionReferralsResolver, ReferralCallbacksResolver, OperatorResolver, DeadLetterResolver, AuditResolver, MachineClientResolver, MatterResolver, ChangesResolver, DashboardResolver, LedgerResolver, AlertResolver, CitizenResolver, AccountabilityResolver, AccidentResolver, BottomLineResolver, PetitionDocumentsResolver, VisitOnceResolver, PetitionMatterOwnerResolver, CityVisitResolver, DisputeCaseResolver, LedgerEntryCasesResolver],
    validate: false,
    emitSchemaFile: false,
    // type-graphql insists on a PubSub once a subscription exists; ours reads the change stream itself (`subscribe`).
    pubSub: { publish: () => undefined, subscribe: () => { throw new Error("subscriptions read the change stream, not a PubSub"); } },
  };
}

/**
 * The hub's executable schema. By default an Apollo Federation 2 subgraph (`_service`, `_entities`, `@key` on
 * Petition, Organization and Referral; see docs/federation.md), which behaves exactly like the plain schema for
 * every other query; `{ federation: false }` gives the plain type-graphql schema.
 */
export async function buildHubSchema(opts: { federation?: boolean } = {}): Promise<GraphQLSchema> {
  const options = hubSchemaOptions();
  const schema = opts.federation === false ? await buildSchema(options) : await buildTypeGraphQLSubgraph(options, hubReferenceResolvers);
  // Plain field resolvers called directly, without type-graphql's per-call wrapper (direct-field-resolvers.ts).
  directFieldResolvers(schema, { resolvers: options.resolvers as readonly unknown[], validate: options.validate !== false });
  // Every mutation, refused or not, goes to the hash-chained audit log (outside type-graphql's auth checker).
  return auditMutations(enforcePolicy(schema));
}
