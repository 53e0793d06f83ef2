import "reflect-metadata";
import { execute, GraphQLSchema, parse } from "graphql";
import { Arg, Authorized, buildSchema, Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Query, Resolver, Root, UseMiddleware } from "type-graphql";
import { directFieldResolvers } from "../../src/resolvers/direct-field-resolvers";

@ObjectType()
class Item {
  @Field(() => ID) id: string;
  n: number;
}

@InputType()
class Scale {
  @Field(() => Int) by: number;
}

const calls: string[] = [];

@Resolver(() => Item)
class ItemResolver {
  @Query(() => [Item])
  items(): Item[] {
    // One real instance and one plain object: type-graphql converts the latter, so the direct path must hand it back.
    return [Object.assign(new Item(), { id: "1", n: 2 }), { id: "2", n: 3 } as Item];
  }

  @FieldResolver(() => Int)
  times(@Root() item: Item, @Arg("k", () => Int, { defaultValue: 10 }) k: number, @Ctx() ctx: { base: number }): number {
    calls.push(`times:${item instanceof Item}`);
    return item.n * k + ctx.base;
  }

  @FieldResolver(() => Int)
  scaled(@Root() item: Item, @Arg("s", () => Scale) s: Scale): number {
    return s instanceof Scale ? item.n * s.by : -1; // type-graphql makes the input a Scale instance
  }

  @Authorized("ADMIN")
  @FieldResolver(() => Int)
  secret(@Root() item: Item): number {
    return item.n;
  }

  @UseMiddleware(async (_data, next) => ((await next()) as number) + 1000)
  @FieldResolver(() => Int)
  wrapped(@Root() item: Item): number {
    return item.n;
  }
}

let schema: GraphQLSchema;
let replaced: string[];
beforeAll(async () => {
  schema = await buildSchema({ resolvers: [ItemResolver], validate: false, authChecker: ({ context }) => (context as { admin?: boolean }).admin === true });
  replaced = directFieldResolvers(schema, { resolvers: [ItemResolver], validate: false });
});

const run = async (query: string, ctx: Record<string, unknown> = { base: 1 }) => execute({ schema, document: parse(query), contextValue: ctx });

it("calls plain field resolvers directly and leaves input objects, auth roles and middlewares to type-graphql", () => {
  expect(replaced).toEqual(["Item.times"]);
});

it("answers as type-graphql does: arguments with defaults, context, and a root that is not an instance of the type", async () => {
  calls.length = 0;
  const r = await run("{ items { id a: times b: times(k: 2) scaled(s: { by: 5 }) wrapped } }");
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({
    items: [
      { id: "1", a: 21, b: 5, scaled: 10, wrapped: 1002 },
      { id: "2", a: 31, b: 7, scaled: 15, wrapped: 1003 },
    ],
  });
  // The plain object went through type-graphql's resolver, which converted it to an Item; no call saw a non-instance.
  expect(calls).toEqual(["times:true", "times:true", "times:true", "times:true"]);
});

it("still applies the auth checker to fields it did not replace", async () => {
  const denied = await run("{ items { secret } }", { base: 0 });
  expect(denied.errors?.[0].message).toMatch(/Access denied/);
  const allowed = await run("{ items { secret } }", { base: 0, admin: true });
  expect(allowed.data).toEqual({ items: [{ secret: 2 }, { secret: 3 }] });
});
