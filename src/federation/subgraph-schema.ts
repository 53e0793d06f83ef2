import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLSchemaModule } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLSchema, parse } from "graphql";
import { buildSchema, BuildSchemaOptions, createResolversMap } from "type-graphql";

/** Federation 2 directives a type-graphql class may use through `@Directive(...)`. */
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"])`;

/** `__resolveReference` per entity type name (called once per representation; batch with DataLoaders). */
export type ReferenceResolvers = Record<string, { __resolveReference: (reference: never, context: never, info: never) => unknown }>;

/**
 * Turns type-graphql resolvers into an Apollo Federation 2 subgraph schema, the way type-graphql's
 * `examples/apollo-federation-2` does: build the type-graphql schema, print it *with* the `@key` directives the
 * classes carry, and rebuild it with `@apollo/subgraph`, which adds `_service` and `_entities`. The field
 * resolvers (and with them type-graphql's auth checker and argument conversion) are carried over with
 * `createResolversMap`; the entity reference resolvers are merged into their types.
 *
 * `buildSubgraphSchema` gets the array form on purpose: @apollo/subgraph 2.15 mistakes a bare
 * `{ typeDefs, resolvers }` object for a DocumentNode (shared stack notes, pitfall 7).
 */
export async function buildTypeGraphQLSubgraph(options: BuildSchemaOptions, references: ReferenceResolvers = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema(options);
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, ref] of Object.entries(references)) {
    if (!resolvers[type]) throw new Error(`reference resolver for ${type}, which is not a type of this schema`);
    resolvers[type] = { ...resolvers[type], ...ref };
  }
  return buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLSchemaModule["resolvers"] }]);
}
