import type { IncomingMessage, Server } from "node:http";
import { DocumentNode, GraphQLError, GraphQLSchema, Kind, OperationTypeNode, specifiedRules, validate, ValidationRule } from "graphql";
import { CloseCode, handleProtocols, makeServer } from "graphql-ws";
import { decodeJwt } from "jose";
import WebSocket, { ServerOptions, WebSocketServer } from "ws";
import { HubDeps } from "../commands/command-context";
import { Principal } from "../domain/access/principal";
import { Authenticator } from "../platform/authenticate";
import { createErrorFormatter } from "../platform/format-error";
import type { HubContext } from "../resolvers/context";
import { createLoaders, Loaders } from "../resolvers/loaders";
import { recordPiiReads } from "../resolvers/pii-audit.plugin";
import { ChangeFeed } from "../streams/change-feed";
import { newRequestId } from "./graphql-handler";
import { refusal } from "./graphql-limits";
import { sharedSubscribe } from "./shared-subscribe";
import { RESYNC_CLOSE, WsConnection } from "./ws-connection";

/** The live half of the change stream, as the HTTP server needs it. */
export interface SubscriptionOptions {
  feed: ChangeFeed | null;
  /** Events a subscriber may fall behind before it must re-sync (SUBSCRIPTION_BUFFER). */
  bufferSize: number;
  /** Bytes a connection's socket may hold unread before it is closed with RESYNC_CLOSE (SUBSCRIPTION_BUFFER_BYTES). */
  bufferBytes: number;
  /** Operations one connection may run at once (SUBSCRIPTIONS_PER_CONNECTION); more are refused with SUBSCRIPTION_LIMIT. */
  perConnection: number;
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

/**
 * Largest message a client may send (ws's default is 100 MiB): a subscribe message is a document within the token
 * limit plus variables; past this ws closes the socket with 1009.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/** graphql-ws closes with this code when `onConnect` refuses; we use it for expiry and revocation too. */
export const FORBIDDEN_CLOSE = 4403;

/** What each graphql-ws connection carries besides the protocol state. */
interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
  conn: WsConnection;
  principal?: Principal;
}

/** Live connections of one server (tests, metrics): what each socket holds unread. */
export interface SubscriptionStats {
  connections: number;
  /** Largest `bufferedAmount` any connection reached right after a write. */
  peakBufferedBytes: number;
  /** Connections closed with RESYNC_CLOSE because their buffer passed the bound. */
  overflowed: number;
}

/** How long an idle connection goes between pings (graphql-ws's useServer default), and waits for the pong. */
const KEEP_ALIVE_MS = 12_000;
/** How long a closing socket waits for the client's close frame before it is destroyed (frees a slow client's backlog). */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * graphql-ws at /graphql on the hub's own HTTP server (same port), speaking graphql-transport-ws through graphql-ws's
 * `makeServer` over our own ws adapter (instead of `useServer`): frames are written without waiting for the kernel,
 * corked per event-loop turn, and bounded in bytes per connection (WsConnection); shared results are serialised once
 * (sharedSubscribe). The connection authenticates once, through the same Authenticator as HTTP
 * (`connectionParams.authorization`: "Bearer <token>"); the policy then checks every operation as for queries. The
 * socket is closed with 4403 when the token expires (a timer at `exp`) and when a re-check finds it revoked (every
 * `recheckMs`; the revocation cache adds at most 5 s).
 */
export function startSubscriptions(server: Server, schema: GraphQLSchema, deps: HubDeps, auth: Authenticator, o: SubscriptionOptions, validationRules: readonly ValidationRule[] = []): { stop(): Promise<void>; stats(): SubscriptionStats } {
  // `closeTimeout` is a ws 8 option that @types/ws does not declare yet.
  const wsOptions: ServerOptions & { closeTimeout: number } = { server, path: "/graphql", perMessageDeflate: false, maxPayload: MAX_CLIENT_MESSAGE_BYTES, closeTimeout: CLOSE_TIMEOUT_MS, handleProtocols };
  const wss = new WebSocketServer(wsOptions);
  const format = createErrorFormatter(deps.log);
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((e) => format(e.toJSON(), e));
  const stats = { peakBufferedBytes: 0, overflowed: 0 };
  const protocol = makeServer<{ authorization?: unknown }, Extra>({
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
      const close = (why: string) => ctx.extra.conn.close(FORBIDDEN_CLOSE, why);
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
    context: (ctx, id): HubContext => {
      const principal = ctx.extra.principal ?? null;
      const conn = ctx.extra.conn;
      // A shared result's JSON goes out as this subscription's `next` frame without being serialised again.
      const head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
      const sendPayload = (body: Buffer) => conn.sendParts(head, body);
      // Built on first use: a subscriber that only receives shared results (a fan-out group member) never reads with
      // its own loaders, and nine DataLoaders per idle subscription are memory held for nothing.
      let loaders: Loaders | null = null;
      return {
        deps,
        principal,
        requestId: newRequestId(ctx.extra.request),
        clientIp: ctx.extra.request.socket.remoteAddress ?? null,
        get loaders(): Loaders {
          return (loaders ??= createLoaders(deps.db, principal));
        },
        set loaders(l: Loaders) {
          loaders = l;
        },
        piiReads: [],
        ...(o.feed ? { live: { feed: o.feed, bufferSize: o.bufferSize, sendPayload } } : {}),
      };
    },
    // Errors carry the same stable codes and masking as over HTTP.
    // Personal fields read in clear for an event are audited before the event is sent, as for an HTTP response.
    // A subscription's replay and its per-event views cost the hub work per operation: a caller (or a hostile
    // partner) multiplexing thousands of them on one socket is refused past the limit, with a coded error.
    // graphql-ws has already reserved this operation's id in ctx.subscriptions when the hook runs.
    onSubscribe: (ctx) =>
      Object.keys(ctx.subscriptions).length > o.perConnection
        ? [refusal("SUBSCRIPTION_LIMIT", `at most ${o.perConnection} subscriptions per connection; open another connection or complete one first`, { limit: o.perConnection })]
        : undefined,
    onNext: async (_ctx, _id, _payload, args, result) => {
      await recordPiiReads(args.contextValue as HubContext, args.operationName ?? null);
      return result.errors ? { ...result, errors: formatAll(result.errors) } : undefined;
    },
    onError: (_ctx, _id, _payload, errors) => formatAll(errors),
  });

  const live = new Set<WsConnection>();
  wss.on("error", (err) => deps.log.error({ err }, "subscriptions: WebSocket server error"));
  wss.on("connection", (socket, request) => {
    let ended = false;
    let closed: ((code: number, reason: string) => Promise<void>) | null = null;
    // Ends the protocol side once: on overflow at once (its subscriptions stop producing), else on the socket's close.
    const end = (code: number, reason: string) => {
      if (ended || !closed) return;
      ended = true;
      live.delete(conn);
      stats.peakBufferedBytes = Math.max(stats.peakBufferedBytes, conn.peakBufferedBytes);
      closed(code, reason).catch((err: unknown) => deps.log.warn({ err }, "subscriptions: cleanup after close failed"));
    };
    const conn = new WsConnection(socket, request.socket, o.bufferBytes, (c) => {
      stats.overflowed++;
      deps.log.info({ peakBufferedBytes: c.peakBufferedBytes, limit: o.bufferBytes }, "subscriptions: slow client closed with RESYNC_CLOSE");
      end(RESYNC_CLOSE, "buffer full");
    });
    live.add(conn);
    // A peer that went away (ECONNRESET, EPIPE) or sent a bad frame is not a hub error: ws closes the socket itself.
    socket.on("error", (err) => deps.log.debug({ err: err.message }, "subscriptions: socket error"));
    request.socket.on("error", (err) => deps.log.debug({ err: err.message }, "subscriptions: connection error"));
    let pongWait: NodeJS.Timeout | null = null;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN || pongWait) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.ping();
    }, KEEP_ALIVE_MS);
    socket.on("pong", () => {
      if (pongWait) clearTimeout(pongWait);
      pongWait = null;
    });
    closed = protocol.opened(
      {
        protocol: socket.protocol,
        send: (data) => conn.send(data),
        close: (code, reason) => conn.close(code ?? 1000, reason ?? ""),
        onMessage: (cb) =>
          socket.on("message", (data) => {
            // Resolves when the operation it started ends (a subscription: when it completes).
            cb(String(data)).catch((err: unknown) => {
              deps.log.error({ err }, "subscriptions: message handling failed");
              conn.close(CloseCode.InternalServerError, "Internal server error");
            });
          }),
      },
      { socket, request, conn },
    );
    socket.once("close", (code, reason) => {
      clearInterval(ping);
      if (pongWait) clearTimeout(pongWait);
      end(code, String(reason));
    });
  });
  return {
    stop: async () => {
      for (const c of wss.clients) c.close(1001, "Going away");
      await new Promise<void>((r) => wss.close(() => r()));
    },
    stats: () => ({ connections: live.size, peakBufferedBytes: Math.max(stats.peakBufferedBytes, ...[...live].map((c) => c.peakBufferedBytes)), overflowed: stats.overflowed }),
  };
}
