import { randomUUID } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { HubContext } from "../resolvers/context";
import { assertTokenLimit, RequestRefusedError } from "./graphql-limits";
import { AuthenticationFailed, Authenticator } from "../platform/authenticate";
import { createLoaders } from "../resolvers/loaders";
import { HubDeps } from "../commands/command-context";
import { LIMITS } from "../domain/limits";
import { answerPayloadTooLarge, PayloadTooLargeError, readBody } from "./body-limit";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a request body up to 1 MB (see body-limit.ts; kept here for the routes that import it from this module). */
export { readBody };

/**
 * GraphQL over HTTP without a framework (express halves throughput on this stack): Apollo does content
 * negotiation, GET/POST rules and status codes; we only read the body and build the context.
 */
export function createGraphQLHandler(apollo: ApolloServer<HubContext>, deps: HubDeps, auth: Authenticator, maxTokens: number) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> => {
    try {
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      let body: unknown = undefined;
      if (req.method === "POST") {
        const raw = (await readBody(req)).toString("utf8");
        const type = headers.get("content-type") ?? "";
        if (/^application\/json/i.test(type)) {
          try {
            body = raw ? JSON.parse(raw) : {};
          } catch {
            throw new HttpError(400, "request body is not valid JSON");
          }
        } else body = raw;
        body = documentIdToPersistedQuery(body);
      }
      // Before Apollo: a plugin that throws gets a 500 from Apollo, and the point is to not parse at all.
      const query = req.method === "POST" ? (body as { query?: unknown } | undefined)?.query : url.searchParams.get("query");
      if (typeof query === "string") assertTokenLimit(query, maxTokens);
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
        context: async (): Promise<HubContext> => {
          let principal;
          try {
            principal = await auth.principal(req.headers.authorization);
          } catch (e) {
            if (e instanceof AuthenticationFailed) throw new GraphQLError(e.message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
            throw e;
          }
          return { deps, principal, requestId, clientIp: req.socket.remoteAddress ?? null, loaders: createLoaders(deps.db, principal), piiReads: [] };
        },
      });
      res.statusCode = result.status ?? 200;
      for (const [k, v] of result.headers) res.setHeader(k, v);
      if (result.body.kind === "complete") res.end(result.body.string);
      else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (e) {
      if (e instanceof PayloadTooLargeError) return answerPayloadTooLarge(req, res);
      if (e instanceof GraphQLError && e.originalError instanceof RequestRefusedError) {
        res.writeHead(400, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ errors: [{ message: e.message, extensions: { code: e.originalError.code, ...e.originalError.details } }] }));
      }
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof HttpError ? e.message : `internal error (request ${requestId})`;
      if (!(e instanceof HttpError)) deps.log.error({ err: e, requestId }, "graphql handler failed");
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ errors: [{ message, extensions: { code: status === 400 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR" } }] }));
    }
  };
}

/**
 * GraphQL-over-HTTP persisted documents send `{"documentId": "sha256:<hex>"}`; Apollo understands the same thing as
 * `extensions.persistedQuery.sha256Hash`, so translate (trusted documents accept both).
 */
function documentIdToPersistedQuery(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const { documentId, ...rest } = body as { documentId?: unknown; query?: unknown; extensions?: Record<string, unknown> };
  if (typeof documentId !== "string" || rest.query !== undefined) return body;
  const hash = /^(?:sha256:)?([0-9a-f]{64})$/.exec(documentId)?.[1];
  if (!hash) throw new HttpError(400, "documentId must be sha256:<64 hex digits>");
  return { ...rest, extensions: { ...rest.extensions, persistedQuery: { version: 1, sha256Hash: hash } } };
}

const REQUEST_ID = new RegExp(`^[\\w.-]{1,${LIMITS.requestId}}$`);

/** The caller's `x-request-id` when it is short and plain (it is stored with every change), else a new UUID. */
export const newRequestId = (req: IncomingMessage) => {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
};
