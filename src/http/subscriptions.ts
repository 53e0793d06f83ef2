import type { Server } from "node:http";
import { DocumentNode, GraphQLError, GraphQLSchema, Kind, OperationTypeNode, specifiedRules, validate, ValidationRule } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { decodeJwt } from "jose";
import { WebSocketServer } from "ws";
import { HubDeps } from "../commands/command-context";
import { Principal } from "../domain/access/principal";
import { Authenticator } from "../platform/authenticate";
import { createErrorFormatter } from "../platform/format-error";
import type { HubContext } from "../resolvers/context";
import { createLoaders } from "../resolvers/loaders";
import { recordPiiReads } from "../resolvers/pii-audit.plugin";
import { ChangeFeed } from "../streams/change-feed";
import { newRequestId } from "./graphql-handler";
import { sharedSubscribe } from "./shared-subscribe";

/** The live half of the change stream, as the HTTP server needs it. */
export interface SubscriptionOptions {
  feed: ChangeFeed | null;
  /** Events a subscriber may fall behind before it must re-sync (SUBSCRIPTION_BUFFER). */
  bufferSize: number;
  /** How often a connection's token is verified again, so a revoked machine client is cut off (SUBSCRIPTION_RECHECK_MS). */
  recheckMs: number;
}

/**
 * Subscriptions only, and under the same GraphQL limits as HTTP: queries and mutations over the socket would bypass
 * the HTTP request guard (trusted documents, introspection per caller) and the mutation audit's request plumbing.
 */
function subscriptionValidator(extraRules: readonly ValidationRule[]) {
  return (schema: GraphQLSchema, doc: DocumentNode): GraphQLError[] => {
    const errors = [...validate(schema, doc, [...specifiedRules, ...extraRules])];
    for (const def of doc.definitions)
      if (def.kind === Kind.OPERATION_DEFINITION && def.operation !== OperationTypeNode.SUBSCRIPTION)
        errors.push(new GraphQLError("only subscriptions are served over WebSocket; send queries and mutations to POST /graphql", { extensions: { code: "BAD_REQUEST" } }));
    return errors;
  };
}

/** graphql-ws closes with this code when `onConnect` refuses; we use it for expiry and revocation too. */
export const FORBIDDEN_CLOSE = 4403;

/**
 * graphql-ws at /graphql on the hub's own HTTP server (same port). The connection authenticates once, through the same
 * Authenticator as HTTP (`connectionParams.authorization`: "Bearer <token>"); the policy then checks every operation
 * as for queries. The socket is closed with 4403 when the token expires (a timer at `exp`) and when a re-check finds
 * it revoked (every `recheckMs`; the revocation cache adds at most 5 s).
 */
export function startSubscriptions(server: Server, schema: GraphQLSchema, deps: HubDeps, auth: Authenticator, o: SubscriptionOptions, validationRules: readonly ValidationRule[] = []): { stop(): Promise<void> } {
  const wss = new WebSocketServer({ server, path: "/graphql" });
  const format = createErrorFormatter(deps.log);
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((e) => format(e.toJSON(), e));
  const disposable = useServer<{ authorization?: unknown }, { principal?: Principal }>(
    {
      schema,
      subscribe: sharedSubscribe,
      validate: subscriptionValidator(validationRules) as typeof validate,
      onConnect: async (ctx) => {
        const authorization = typeof ctx.connectionParams?.authorization === "string" ? ctx.connectionParams.authorization : undefined;
        let principal: Principal | null;
        try {
          principal = await auth.principal(authorization);
        } catch {
          return false;
        }
        // Every subscription needs a caller (no Subscription field is public): refuse anonymous sockets up front.
        if (!principal || !authorization) return false;
        ctx.extra.principal = principal;
        const token = authorization.replace(/^Bearer\s+/i, "");
        const socket = ctx.extra.socket;
        const close = (why: string) => socket.readyState === socket.OPEN && socket.close(FORBIDDEN_CLOSE, why);
        const exp = decodeJwt(token).exp;
        const expiry = exp ? setTimeout(() => close("Forbidden: token expired"), Math.max(0, exp * 1000 - Date.now())) : null;
        const recheck = setInterval(() => void auth.verifyToken(token).catch(() => close("Forbidden: token no longer valid")), o.recheckMs);
        expiry?.unref();
        recheck.unref();
        socket.once("close", () => {
          if (expiry) clearTimeout(expiry);
          clearInterval(recheck);
        });
        return true;
      },
      context: (ctx): HubContext => {
        const principal = ctx.extra.principal ?? null;
        return { deps, principal, requestId: newRequestId(ctx.extra.request), clientIp: ctx.extra.request.socket.remoteAddress ?? null, loaders: createLoaders(deps.db, principal), piiReads: [], ...(o.feed ? { live: { feed: o.feed, bufferSize: o.bufferSize } } : {}) };
      },
      // Errors carry the same stable codes and masking as over HTTP.
      // Personal fields read in clear for an event are audited before the event is sent, as for an HTTP response.
      onNext: async (_ctx, _id, _payload, args, result) => {
        await recordPiiReads(args.contextValue as HubContext, args.operationName ?? null);
        return result.errors ? { ...result, errors: formatAll(result.errors) } : undefined;
      },
      onError: (_ctx, _id, _payload, errors) => formatAll(errors),
    },
    wss,
  );
  return {
    stop: async () => {
      await disposable.dispose();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
