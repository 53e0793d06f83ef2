import { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

const direct = new WeakSet<object>();

/** Whether a field's resolver is one `directFieldResolvers` installed. */
export const isDirectResolver = (resolve: unknown): boolean => typeof resolve === "function" && direct.has(resolve);

type Param = NonNullable<ReturnType<typeof getMetadataStorage>["fieldResolvers"][number]["params"]>[number];
type ParamReader = (root: unknown, args: Record<string, unknown>, ctx: unknown, info: unknown) => unknown;

/**
 * Replaces type-graphql's per-call wrapper of plain field resolvers (a `@FieldResolver` method of a resolver class
 * taking only `@Root()`, `@Ctx()`, `@Info()` and scalar or enum `@Arg`s, with no middleware, `@Authorized` roles or
 * validation) by a direct call of the method with its parameters read in declaration order.
 *
 * Why: type-graphql's wrapper does, on every call, a `resolverData` object, an in-place `sort` of the parameter list
 * (which allocates a work array), a `map` to a new array, and an `async` validation per `@Arg` followed by a
 * `Promise.all`. The partner list query calls field resolvers about 180 times per request (three per petition, more
 * per petitioner), and that garbage was a visible part of the 20 % of its CPU profile spent in GC. What type-graphql
 * does for these parameters is kept: the root is passed on as is when it already is an instance of the field's
 * object type (otherwise the call goes to type-graphql's own resolver, which converts it), scalar and enum
 * arguments are passed as graphql-js coerced them, and the resolver instance is the one type-graphql's default
 * container would hold (one per class, no per-request state). Anything else, and every root field (which carries
 * the policy check, enforce-policy.ts), keeps type-graphql's resolver.
 *
 * @returns the fields (`Type.field`) that now resolve directly (a test checks that the list query's are among them)
 */
export function directFieldResolvers(schema: GraphQLSchema, opts: { resolvers: readonly unknown[]; validate: boolean }): string[] {
  const storage = getMetadataStorage();
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  const inputClasses = new Set<unknown>(storage.inputTypes.map((t) => t.target));
  const instances = new Map<unknown, Record<string, (...a: unknown[]) => unknown>>();
  const replaced: string[] = [];
  for (const meta of storage.fieldResolvers) {
    if (meta.kind !== "external" || !opts.resolvers.includes(meta.target) || !meta.getObjectType || meta.middlewares?.length || meta.roles) continue;
    const objectClass = meta.getObjectType();
    const typeName = storage.objectTypes.find((o) => o.target === objectClass)?.name;
    const type = typeName ? schema.getType(typeName) : undefined;
    if (!(type instanceof GraphQLObjectType) || roots.has(type)) continue;
    const field = type.getFields()[meta.schemaName];
    const original = field?.resolve;
    if (!field || !original || direct.has(original)) continue;
    const params = [...(meta.params ?? [])].sort((a, b) => a.index - b.index);
    const readers = params.map((p) => paramReader(p, objectClass, inputClasses, opts.validate));
    if (readers.some((r) => r === null)) continue;
    const ResolverClass = meta.target as new () => Record<string, (...a: unknown[]) => unknown>;
    let instance = instances.get(ResolverClass);
    if (!instance) instances.set(ResolverClass, (instance = new ResolverClass()));
    const method = instance[meta.methodName];
    if (typeof method !== "function") continue;
    const read = readers as ParamReader[];
    const target = instance;
    const rootType = objectClass as abstract new () => unknown;
    const resolve = ((root, args, ctx, info) => {
      if (!(root instanceof rootType)) return original(root, args, ctx, info);
      switch (read.length) {
        case 1:
          return method.call(target, read[0](root, args, ctx, info));
        case 2:
          return method.call(target, read[0](root, args, ctx, info), read[1](root, args, ctx, info));
        default:
          return method.apply(target, read.map((r) => r(root, args, ctx, info)));
      }
    }) as GraphQLFieldResolver<unknown, unknown>;
    direct.add(resolve);
    field.resolve = resolve;
    replaced.push(`${type.name}.${field.name}`);
  }
  return replaced;
}

/** How to read one parameter, or null when only type-graphql's own wrapper does it right. */
function paramReader(p: Param, objectClass: unknown, inputClasses: Set<unknown>, validate: boolean): ParamReader | null {
  switch (p.kind) {
    case "root":
      // A @Root() typed as another class would be converted by type-graphql; only the field's own type is direct.
      if (p.propertyName || (p.getType && p.getType() !== objectClass)) return null;
      return (root) => root;
    case "context":
      return p.propertyName ? (_r, _a, ctx) => (ctx as Record<string, unknown>)[p.propertyName!] : (_r, _a, ctx) => ctx;
    case "info":
      return (_r, _a, _c, info) => info;
    case "arg": {
      // Input objects become class instances (and may be validated) in type-graphql; scalars and enums pass as they are.
      if (validate || p.validateSettings !== undefined || p.validateFn || inputClasses.has(p.getType())) return null;
      const name = p.name;
      return (_r, args) => args[name];
    }
    default:
      return null;
  }
}
