import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from "@apollo/gateway";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError } from "graphql";
import { decodeJwt } from "jose";
import { answerPayloadTooLarge, PayloadTooLargeError, readBody, refuseOversizeBeforeContinue } from "../http/body-limit";
import { newRequestId } from "../http/graphql-handler";
import { createLogger, Logger } from "../platform/logger";
import { tokenClaims, TokenClaims } from "../platform/tokens";
import { GatewayClientSettings, SubjectTokenRefused, TokenExchanger } from "./token-exchanger";

/** One subgraph the gateway composes: a name (unique, shown in errors as `serviceName`) and its GraphQL URL. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
  /** The audience of the tokens this subgraph gets; default: the hub's audience for `hub`, else `urn:petition-hub:subgraph:<name>`. */
  audience?: string;
}

/** The audience a subgraph's tokens carry (see SubgraphEndpoint.audience). */
export const subgraphAudience = (s: SubgraphEndpoint, hubAudience: string) => s.audience ?? (s.name === "hub" ? hubAudience : `urn:petition-hub:subgraph:${s.name}`);

export interface GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  subgraphs: SubgraphEndpoint[];
  /** The gateway's machine client (role GATEWAY) at the hub's token endpoint. */
  client: GatewayClientSettings;
  /** The hub's audience (JWT_AUDIENCE): the hub subgraph's tokens carry it. */
  hubAudience: string;
  /** Re-fetch every subgraph's SDL and recompose this often (ms); a failed recomposition keeps the last good graph. */
  pollIntervalMs?: number;
  log?: Logger;
}

export interface RunningGateway {
  server: Server;
  /** `http://host:port/graphql` */
  url: string;
  stop(): Promise<void>;
}

/** Per-request gateway context: the caller's token (never forwarded), its verified claims, the request id. */
export interface GatewayContext {
  subjectToken: string;
  claims: TokenClaims;
  requestId: string;
}

/** The composition (or a subgraph fetch during it) failed; the message lists the composition errors. */
export class GatewayCompositionError extends Error {}

/**
 * Never forwards the caller's token: for each subgraph it sends a token the hub issued for that subgraph's
 * audience alone (RFC 8693 exchange; the caller's sub, org and roles, `act.sub` = the gateway's client id), so
 * a token a subgraph receives is useless at the hub and at every other subgraph. Each subgraph still authorises
 * the caller itself: the gateway grants nothing on its own. Schema loading (`_service { sdl }`) carries no
 * caller, so it goes without a token.
 */
export class TokenExchangeDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: { url: string },
    private readonly exchanger: TokenExchanger,
    private readonly audience: string,
  ) {
    super(config);
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const ctx = options.context as Partial<GatewayContext>;
    const headers = options.request.http?.headers;
    if (!headers) return;
    headers.delete("authorization");
    if (ctx.subjectToken) headers.set("authorization", `Bearer ${await this.exchanger.tokenFor(ctx.subjectToken, this.audience)}`);
    if (ctx.requestId) headers.set("x-request-id", ctx.requestId);
  }
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/**
 * Checks `Authorization: Bearer <token>` before the query is planned, by exchanging it for the hub's audience:
 * the hub verifies it (its own keys or the configured provider, revocation included), so the gateway needs no key
 * and accepts exactly what the hub accepts. The result is cached and reused for the hub subgraph's fetches.
 */
async function authenticate(exchanger: TokenExchanger, hubAudience: string, authorization: string | undefined, log: Logger): Promise<{ subjectToken: string; claims: TokenClaims }> {
  if (!authorization) throw unauthenticated("authentication required: send 'Authorization: Bearer <token>'");
  const m = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!m) throw unauthenticated("expected 'Authorization: Bearer <token>'");
  try {
    const hubToken = await exchanger.tokenFor(m[1], hubAudience);
    return { subjectToken: m[1], claims: tokenClaims.parse(decodeJwt(hubToken)) };
  } catch (e) {
    if (e instanceof SubjectTokenRefused) throw unauthenticated(`invalid token: ${e.message}`);
    log.error({ err: e }, "token exchange unavailable");
    throw new GraphQLError("the gateway cannot obtain tokens from the hub", { extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503 } } });
  }
}

/**
 * Starts the federated gateway: composes the subgraphs' SDL (`IntrospectAndCompose`; a composition error
 * rejects with GatewayCompositionError and nothing listens), then serves the supergraph at /graphql on plain
 * node:http, plus /healthz. Every GraphQL request needs a token the hub accepts; subgraphs get exchanged tokens.
 */
export async function startGateway(o: GatewayOptions): Promise<RunningGateway> {
  if (!o.subgraphs.length) throw new Error("startGateway: no subgraphs");
  const names = o.subgraphs.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`startGateway: duplicate subgraph names in ${names.join(", ")}`);
  const log = o.log ?? createLogger("info");
  const glog = log.child({ component: "gateway" });
  const gatewayLogger = {
    debug: (m: unknown) => glog.debug(String(m)),
    info: (m: unknown) => glog.info(String(m)),
    warn: (m: unknown) => glog.warn(String(m)),
    error: (m: unknown) => glog.error(String(m)),
  };
  const exchanger = new TokenExchanger(o.client);
  const audiences = new Map(o.subgraphs.map((s) => [s.url, subgraphAudience(s, o.hubAudience)]));
  const gateway = new ApolloGateway({
    supergraphSdl: new IntrospectAndCompose({ subgraphs: o.subgraphs, pollIntervalInMs: o.pollIntervalMs, logger: gatewayLogger }),
    buildService: ({ url }) => new TokenExchangeDataSource({ url: url! }, exchanger, audiences.get(url!) ?? `urn:petition-hub:subgraph:unknown`),
    logger: gatewayLogger,
  });
  const server = createServer();
  refuseOversizeBeforeContinue(server);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), ApolloServerPluginLandingPageDisabled()],
  });
  try {
    await apollo.start();
  } catch (e) {
    await gateway.stop().catch(() => undefined);
    const msg = e instanceof Error ? e.message : String(e);
    throw new GatewayCompositionError(`gateway: could not compose the supergraph from ${names.join(", ")}: ${msg}`);
  }

  server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", "http://gateway");
    const requestId = newRequestId(req);
    res.setHeader("x-request-id", requestId);
    if (url.pathname === "/graphql") return void handleGraphQL(apollo, (a) => authenticate(exchanger, o.hubAudience, a, glog), req, res, url, requestId, glog);
    if (url.pathname === "/healthz") return void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
  });
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(o.port, o.host ?? "127.0.0.1", () => resolve());
    });
  } catch (e) {
    await apollo.stop();
    throw e;
  }
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : o.port;
  const host = (o.host ?? "127.0.0.1") === "0.0.0.0" ? "localhost" : (o.host ?? "127.0.0.1");
  glog.info({ subgraphs: o.subgraphs }, "gateway composed");
  return { server, url: `http://${host}:${port}/graphql`, stop: () => apollo.stop() };
}

async function handleGraphQL(apollo: ApolloServer<GatewayContext>, auth: (authorization: string | undefined) => Promise<{ subjectToken: string; claims: TokenClaims }>, req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, log: Logger): Promise<void> {
  try {
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    let body: unknown = undefined;
    if (req.method === "POST") {
      const raw = (await readBody(req)).toString("utf8");
      if (/^application\/json/i.test(headers.get("content-type") ?? "")) {
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: "request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] }));
          return;
        }
      } else body = raw;
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
      // Runs before parsing, planning and any subgraph fetch: no valid token, no work.
      context: async () => ({ ...(await auth(req.headers.authorization)), requestId }),
    });
    res.statusCode = result.status ?? 200;
    for (const [k, v] of result.headers) res.setHeader(k, v);
    if (result.body.kind === "complete") res.end(result.body.string);
    else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  } catch (e) {
    // The same 413 as the hub's: answered, the rest of the body discarded, then the connection closed.
    if (e instanceof PayloadTooLargeError && !res.headersSent) return answerPayloadTooLarge(req, res);
    log.error({ err: e, requestId }, "gateway request failed");
    if (res.headersSent) return void res.end();
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ message: `internal error (request ${requestId})`, extensions: { code: "INTERNAL_SERVER_ERROR" } }] }));
  }
}
