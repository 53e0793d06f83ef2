import { randomUUID } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { HubContext } from "../resolvers/context";
import { AuthenticationFailed, Authenticator } from "../platform/authenticate";
import { createLoaders } from "../resolvers/loaders";
import { HubDeps } from "../commands/command-context";

const MAX_BODY = 1_000_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a request body up to 1 MB (413 beyond). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, "request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * GraphQL over HTTP without a framework (express halves throughput on this stack): Apollo does content
 * negotiation, GET/POST rules and status codes; we only read the body and build the context.
 */
export function createGraphQLHandler(apollo: ApolloServer<HubContext>, deps: HubDeps, auth: Authenticator) {
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
      }
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
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof HttpError ? e.message : `internal error (request ${requestId})`;
      if (!(e instanceof HttpError)) deps.log.error({ err: e, requestId }, "graphql handler failed");
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ errors: [{ message, extensions: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : status === 400 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR" } }] }));
    }
  };
}

export const newRequestId = (req: IncomingMessage) => {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
};
