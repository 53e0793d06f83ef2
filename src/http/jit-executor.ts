import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, ExecutionResult, getVariableValues, GraphQLError, GraphQLSchema, OperationDefinitionNode, printSchema } from "graphql";
import { CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";

const MAX_CACHED = 500;

/**
 * Executes queries with graphql-jit (compiled once per document, then run as plain functions), plugged into Apollo
 * Server through its gateway interface: Apollo still parses, validates, formats errors and speaks HTTP. Wide list
 * queries spend most of their time in graphql-js's per-field machinery; this removes most of it. Mutations (one
 * per request, with input objects) keep the reference executor.
 */
function toGraphQLError(e: GraphQLError): GraphQLError {
  const original = (e as { originalError?: Error }).originalError;
  return new GraphQLError(e.message, { path: e.path, originalError: original ?? undefined, extensions: e.extensions });
}

export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const cache = new Map<string, CompiledQuery>();
  const executor: GatewayExecutor = async (rc) => {
    const operation = rc.operation as OperationDefinitionNode;
    const variables = rc.request.variables ?? {};
    if (operation.operation !== "query")
      return execute({ schema, document: rc.document, variableValues: variables, contextValue: rc.context, operationName: rc.operationName }) as ReturnType<GatewayExecutor>;
    // Apollo leaves variable coercion to the executor; keep its coded BAD_USER_INPUT errors.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: "BAD_USER_INPUT" } })) };
    const key = `${rc.queryHash}:${rc.operationName ?? ""}`;
    let compiled = cache.get(key);
    if (!compiled) {
      const c = compileQuery(schema, rc.document, rc.operationName ?? undefined);
      if (!isCompiledQuery(c)) return c;
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
      cache.set(key, (compiled = c));
    }
    const result = (await compiled.query(undefined, rc.context, variables)) as ExecutionResult;
    // graphql-jit builds its own error objects; Apollo's pipeline and our formatter expect graphql-js GraphQLErrors
    // carrying the thrown error as originalError (that is how DomainError codes survive).
    if (result.errors) result.errors = result.errors.map(toGraphQLError);
    return result;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}
