import "reflect-metadata";
import { GraphQLSchema } from "graphql";
import { POLICY } from "../../src/domain/access/policy";
import { buildHubSchema } from "../../src/resolvers/build-schema";

// "Forgot to ask" must be a red build: every root field of the schema the hub serves has exactly one policy row,
// and the policy names no operation the schema does not have (a stale row would hide a renamed field's gap).
describe("the authorization policy covers the schema", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  const rootFields = () =>
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => (t ? Object.keys(t.getFields()).map((f) => `${t.name}.${f}`) : []));

  it("has a policy row for every query, mutation and subscription field", () => {
    const missing = rootFields().filter((op) => !POLICY[op]);
    expect(missing).toEqual([]);
  });

  it("has no row for an operation the schema does not have", () => {
    const fields = new Set(rootFields());
    expect(Object.keys(POLICY).filter((op) => !fields.has(op))).toEqual([]);
  });

  it("walks a real schema (not vacuous)", () => {
    expect(rootFields().length).toBeGreaterThan(30);
    expect(rootFields()).toEqual(expect.arrayContaining(["Mutation.registerRaisedReferral", "Mutation.setOrganizationLevelAbove", "Query._entities"]));
  });
});
