import { createServer, Server } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLSchema } from "graphql";
import { HubDeps } from "../commands/command-context";
import { Authenticator } from "../platform/authenticate";
import { createErrorFormatter } from "../platform/format-error";
import type { HubContext } from "../resolvers/context";
import { piiAuditPlugin } from "../resolvers/pii-audit.plugin";
import type Redis from "ioredis";
import { AgencyEndpoints } from "../connectors/config";
import { HubSigningKeys } from "../connectors/http-signatures/keys";
import { QueueRegistry } from "../queues/queue-registry";
import { createAgencyCallbackHandler } from "./agency-callback";
import { AdminSessions } from "./admin-sessions";
import { BOARD_PATH, createBullBoardHandler, LOGIN_PATH, LOGOUT_PATH } from "./bull-board";
import { createBoardAudit } from "./bull-board-audit";
import { answerPayloadTooLarge, PayloadTooLargeError, readBody, refuseOversizeBeforeContinue } from "./body-limit";
import { createDashboardRoutes } from "./dashboard-routes";
import { createOpen311Routes } from "./open311-routes";
import { createDocumentRoutes } from "./document-routes";
import { createGraphQLHandler, newRequestId } from "./graphql-handler";
import { jitGateway } from "./jit-executor";
import { createIdentityRoutes, IdentityHttpOptions } from "./identity-routes";
import { subscriptionsOverHttpRule } from "./subscriptions-over-http";
import { limitRules } from "./graphql-limits";
import { requestGuardPlugin, RequestGuardOptions } from "./request-guard.plugin";
import { startSubscriptions, SubscriptionOptions, SubscriptionStats } from "./subscriptions";

export interface HttpOptions {
  host: string;
  port: number;
  production: boolean;
  /** Resolves when the database and Redis answer. */
  ready: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  queues: QueueRegistry;
  agencies: AgencyEndpoints;
  /** The hub's delivery-signing keys, published at /.well-known/partner-keys.json. */
  partnerKeys: HubSigningKeys;
  /** PUBLIC_URL: its origin rebuilds a signed callback's @target-uri behind a proxy. */
  publicUrl?: string;
  /** Execute queries with graphql-jit instead of graphql-js. */
  jit: boolean;
  /** GraphQL limits, introspection and trusted documents (see request-guard.plugin.ts). */
  guard: RequestGuardOptions;
  /** For the signed-callback nonce store (and client-assertion jti). */
  redis: Redis;
  /** JWKS, OAuth metadata and the token endpoint. */
  identity: IdentityHttpOptions;
  /** Subscriptions over graphql-ws at /graphql (the change feed); none without it. */
  changes?: SubscriptionOptions;
}

export interface RunningHttp {
  server: Server;
  url: string;
  /** The subscription sockets' buffers (null without subscriptions). */
  subscriptionStats(): SubscriptionStats | null;
  stop(): Promise<void>;
}

/** Starts GraphQL at /graphql plus /healthz (process up) and /readyz (dependencies reachable). */
export async function startHttp(schema: GraphQLSchema, deps: HubDeps, auth: Authenticator, o: HttpOptions): Promise<RunningHttp> {
  const server = createServer();
  refuseOversizeBeforeContinue(server); // 413 instead of `100 Continue` for an announced oversize body
  const apollo = new ApolloServer<HubContext>({
    ...(o.jit ? { gateway: jitGateway(schema) } : { schema }),
    // Introspection is decided per caller by the request guard (Apollo's switch is global).
    introspection: true,
    validationRules: [...limitRules(o.guard.limits), subscriptionsOverHttpRule],
    // Trusted documents: hashes resolve from the manifest only, and nothing a caller sends is registered.
    ...(o.guard.trusted ? { persistedQueries: { cache: o.guard.trusted.cache() } } : {}),
    // Shutdown is ours (hub.stop orders it); Apollo must not race it on SIGTERM.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo's default pretty-prints every response (bigger bodies, more garbage).
    stringifyResult: (value) => JSON.stringify(value),
    formatError: createErrorFormatter(deps.log),
    plugins: [
      // No HTTP caching of this API and no Apollo usage reporting: skip their per-field hooks.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      piiAuditPlugin,
      requestGuardPlugin(o.guard),
      // Apollo's Sandbox loads from a CDN (blank without internet access): a browser at /graphql goes to /graphiql instead.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  const subscriptions = o.changes ? startSubscriptions(server, schema, deps, auth, o.changes, limitRules(o.guard.limits)) : null;
  const graphql = createGraphQLHandler(apollo, deps, auth, o.guard.limits.maxTokens);
  const board = createBullBoardHandler(o.queues, Object.keys(o.agencies), auth, new AdminSessions(o.redis, o.queues.prefix), deps.log, createBoardAudit(deps));
  const agencyCallback = createAgencyCallbackHandler(deps, o.agencies, o.redis, o.queues.prefix, o.publicUrl);
  let baseUrl = "";
  const identity = createIdentityRoutes(deps, auth, o.redis, o.identity, () => baseUrl);
  const partnerJwks = JSON.stringify(o.partnerKeys.jwks());
  const pages = createDashboardRoutes();
  const open311 = createOpen311Routes(deps.db, deps.log);
  const documents = createDocumentRoutes(deps, auth);

  server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    const requestId = newRequestId(req);
    res.setHeader("x-request-id", requestId);
    if (deps.log.isLevelEnabled("debug")) {
      const started = process.hrtime.bigint();
      res.on("finish", () =>
        deps.log.debug({ requestId, method: req.method, path: url.pathname, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, "request"),
      );
    }
    if (pages.handles(req, url)) return pages.handle(req, res, url);
    if (url.pathname === "/graphql") return void graphql(req, res, url, requestId);
    if (open311.handles(url.pathname)) return void open311.handle(req, res, url);
    if (documents.handles(url.pathname)) return void documents.handle(req, res, url, requestId);
    if (identity.handles(url.pathname)) return void identity.handle(req, res, url.pathname);
    if (url.pathname === LOGIN_PATH || url.pathname === LOGOUT_PATH || url.pathname === BOARD_PATH || url.pathname.startsWith(`${BOARD_PATH}/`)) return void board(req, res, url);
    if (url.pathname === "/agency-callback" && req.method === "POST")
      return void readBody(req).then(
        (body) => agencyCallback(req, res, body, requestId),
        (e) => (e instanceof PayloadTooLargeError ? answerPayloadTooLarge(req, res) : res.writeHead(400).end()),
      );
    if (url.pathname === "/.well-known/partner-keys.json" && req.method === "GET")
      return void res.writeHead(200, { "content-type": "application/jwk-set+json", "cache-control": "public, max-age=300" }).end(partnerJwks);
    if (url.pathname === "/healthz") return void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    if (url.pathname === "/readyz")
      return void o.ready().then(
        (r) => res.writeHead(r.ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ status: r.ok ? "ready" : "not ready", ...r.checks })),
        () => res.writeHead(503).end(),
      );
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : o.port;
  const host = o.host === "0.0.0.0" ? "localhost" : o.host;
  baseUrl = `http://${host}:${port}`;
  return {
    server,
    url: `http://${host}:${port}/graphql`,
    subscriptionStats: () => subscriptions?.stats() ?? null,
    // apollo.stop() stops accepting, lets in-flight requests finish (drain plugin), then closes idle sockets.
    // Subscriptions first: their sockets would otherwise keep the drain waiting.
    stop: async () => {
      await subscriptions?.stop();
      await apollo.stop();
    },
  };
}
