import "reflect-metadata";
import { GraphQLObjectType } from "graphql";
import { directFieldResolvers, isDirectResolver } from "../../src/resolvers/direct-field-resolvers";
import { buildHubSchema, hubSchemaOptions } from "../../src/resolvers/build-schema";

// Its own file: type-graphql's metadata is global per module registry, and the other suite declares @Authorized fields.
it("covers the partner list query's field resolvers in the hub's schema", async () => {
  const hub = await buildHubSchema();
  const field = (t: string, f: string) => (hub.getType(t) as GraphQLObjectType).getFields()[f].resolve;
  for (const [t, f] of [["Petition", "currentHandler"], ["Petition", "petitioners"], ["Petition", "deadlines"], ["Petitioner", "idNumber"], ["Petitioner", "phone"]]) expect(isDirectResolver(field(t, f))).toBe(true);
  // Root fields keep their wrappers (the policy check of enforce-policy.ts).
  expect(isDirectResolver(field("Query", "petitions"))).toBe(false);
  // Applying it again changes nothing.
  expect(directFieldResolvers(hub, { resolvers: hubSchemaOptions().resolvers as unknown[], validate: false })).toEqual([]);
});
