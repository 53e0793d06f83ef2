import { defaultFieldResolver, GraphQLSchema } from "graphql";
import { assertOperationAllowed } from "../domain/access/policy";
import type { HubContext } from "./context";

/**
 * Makes every root field (queries, mutations, subscriptions, and the federation entry points `_service` and
 * `_entities`) ask the one policy (domain/access/policy.ts) before its resolver runs. A root field with no policy row
 * is refused, so forgetting to ask cannot open an operation. Only root fields are wrapped: a type-graphql global
 * middleware would wrap every field of every object and cost the list queries a third of their throughput.
 */
export function enforcePolicy(schema: GraphQLSchema): GraphQLSchema {
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const operation = `${root.name}.${field.name}`;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: HubContext, info) => {
        assertOperationAllowed(ctx.principal, operation);
        return resolve(source, args, ctx, info);
      };
      if (field.subscribe) {
        const subscribe = field.subscribe;
        field.subscribe = (source, args, ctx: HubContext, info) => {
          assertOperationAllowed(ctx.principal, operation);
          return subscribe(source, args, ctx, info);
        };
      }
    }
  }
  return schema;
}
