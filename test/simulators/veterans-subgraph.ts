/**
 * Reference agency subgraph: 东营市退役军人事务局 (DY_TYJR) as an Apollo Federation 2 subgraph. It extends the
 * hub's `Petition` entity with the petitioner's veteran-service record. It trusts nobody: the gateway sends a
 * token the hub issued for this subgraph's audience alone, and this service verifies it itself against the
 * hub's published JWKS (public keys only; jose, not the hub's code) and releases a record only
 * to the veterans bureau itself and the city petition bureau. Every other caller gets null plus a FORBIDDEN
 * error on that field. The data is fake, derived from the petition id, so it is stable between runs.
 */
import * as http from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { GraphQLError, parse } from "graphql";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { listen, readBody } from "./http-util";

/** Organisations allowed to read service records: the veterans bureau and the city petition bureau. */
export const VETERAN_RECORD_READERS = ["DY_TYJR", "DY_XFJ"] as const;

export const VETERANS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  enum ServiceBranch { ARMY NAVY AIR_FORCE ROCKET_FORCE ARMED_POLICE }
  enum ResettlementStatus { PENDING ARRANGED_EMPLOYMENT SELF_EMPLOYED RETIRED SUPPORTED }

  "退役军人服务档案: the service record held by the veterans affairs bureau"
  type VeteranServiceRecord {
    serviceBranch: ServiceBranch!
    enlistedYear: Int!
    dischargedYear: Int!
    resettlementStatus: ResettlementStatus!
    "Preferential-treatment level, 1 (highest) to 4"
    benefitsLevel: Int!
  }

  extend type Petition @key(fields: "id") {
    id: ID!
    "The petitioner's service record; only for DY_TYJR and the city petition bureau (FORBIDDEN otherwise)"
    veteranServiceRecord: VeteranServiceRecord
  }
`;

const BRANCHES = ["ARMY", "NAVY", "AIR_FORCE", "ROCKET_FORCE", "ARMED_POLICE"] as const;
const RESETTLEMENT = ["PENDING", "ARRANGED_EMPLOYMENT", "SELF_EMPLOYED", "RETIRED", "SUPPORTED"] as const;

/** A stable fake record for a petition id. */
export function fakeServiceRecord(petitionId: string) {
  let h = 17;
  for (const ch of petitionId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const enlistedYear = 1985 + (h % 30);
  return {
    serviceBranch: BRANCHES[h % BRANCHES.length],
    enlistedYear,
    dischargedYear: enlistedYear + 2 + ((h >>> 5) % 15),
    resettlementStatus: RESETTLEMENT[(h >>> 3) % RESETTLEMENT.length],
    benefitsLevel: 1 + ((h >>> 7) % 4),
  };
}

/** What this subgraph reads from a verified token. */
export interface VeteransCaller {
  sub: string;
  org: string;
  roles: string[];
  aud: string | string[] | undefined;
  act?: { sub: string };
  /** The token itself, as received. */
  raw: string;
}

interface VeteransContext {
  claims: VeteransCaller | null;
}

/** How the subgraph verifies: the hub's JWKS URL and issuer, and its own audience. */
export interface VeteransVerification {
  jwksUrl: string;
  issuer: string;
  /** Default `urn:petition-hub:subgraph:veterans`. */
  audience?: string;
}

export interface VeteransSubgraph {
  url: string;
  /** Organisation codes of the verified callers of every entity fetch, in order (what the gateway forwarded). */
  callers(): string[];
  /** The verified tokens' claims of every entity fetch, in order. */
  tokens(): VeteransCaller[];
  stop(): Promise<void>;
}

/** Starts the subgraph on 127.0.0.1 with a free port. */
export async function startVeteransSubgraph(v: VeteransVerification): Promise<VeteransSubgraph> {
  const jwks = createRemoteJWKSet(new URL(v.jwksUrl));
  const audience = v.audience ?? "urn:petition-hub:subgraph:veterans";
  const verify = async (token: string): Promise<VeteransCaller> => {
    const { payload } = await jwtVerify(token, jwks, { issuer: v.issuer, audience, algorithms: ["ES256"], requiredClaims: ["exp", "sub"] });
    if (typeof payload.org !== "string" || !Array.isArray(payload.roles)) throw new Error("claims");
    return { sub: payload.sub!, org: payload.org, roles: payload.roles as string[], aud: payload.aud, act: payload.act as { sub: string } | undefined, raw: token };
  };
  const callers: string[] = [];
  const tokens: VeteransCaller[] = [];
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(VETERANS_SDL),
      resolvers: {
        Petition: {
          __resolveReference: (ref: { id: string }, ctx: VeteransContext) => {
            callers.push(ctx.claims?.org ?? "(anonymous)");
            if (ctx.claims) tokens.push(ctx.claims);
            return { id: ref.id };
          },
          veteranServiceRecord: (p: { id: string }, _args: unknown, ctx: VeteransContext) => {
            if (!ctx.claims) throw new GraphQLError("authentication required", { extensions: { code: "UNAUTHENTICATED" } });
            if (!(VETERAN_RECORD_READERS as readonly string[]).includes(ctx.claims.org))
              throw new GraphQLError(`${ctx.claims.org} may not read veteran service records`, { extensions: { code: "FORBIDDEN" } });
            return fakeServiceRecord(p.id);
          },
        },
      },
    },
  ]);

  const server = http.createServer();
  const apollo = new ApolloServer<VeteransContext>({
    schema,
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  server.on("request", (req, res) => {
    void (async () => {
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      const raw = req.method === "POST" ? await readBody(req) : "";
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "GET", headers, search: new URL(req.url ?? "/", "http://x").search, body: raw ? JSON.parse(raw) : undefined },
        // No token: only `_service { sdl }` (composition) works. A bad token: 401 for the whole request.
        context: async () => {
          const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
          if (!m) return { claims: null };
          try {
            return { claims: await verify(m[1]) };
          } catch {
            throw new GraphQLError("invalid token", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
          }
        },
      });
      res.statusCode = result.status ?? 200;
      for (const [k, v] of result.headers) res.setHeader(k, v);
      if (result.body.kind === "complete") res.end(result.body.string);
      else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(400, { "content-type": "application/json" });
      res.end('{"errors":[{"message":"bad request","extensions":{"code":"BAD_REQUEST"}}]}');
    });
  });
  const base = await listen(server);
  return { url: `${base}/graphql`, callers: () => [...callers], tokens: () => [...tokens], stop: () => apollo.stop() };
}
