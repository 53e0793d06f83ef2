import { IncomingMessage, ServerResponse } from "node:http";
import type Redis from "ioredis";
import { HubDeps } from "../commands/command-context";
import { Authenticator } from "../platform/authenticate";
import { HubKeys } from "../platform/keys/key-set";
import { TokenIssuer } from "../platform/tokens";
import { createTokenEndpoint, GRANT_CLIENT_CREDENTIALS, GRANT_TOKEN_EXCHANGE } from "./oauth-token";

export const JWKS_PATH = "/.well-known/jwks.json";
export const METADATA_PATH = "/.well-known/oauth-authorization-server";
export const TOKEN_PATH = "/oauth/token";

/** What the HTTP server needs to issue tokens and publish keys. */
export interface IdentityHttpOptions {
  issuer: TokenIssuer;
  keys: HubKeys;
  tokenTtlSeconds: number;
  /** Public URL of the GraphQL endpoint; its origin is the base of the token endpoint's URL. */
  publicUrl?: string;
  queuePrefix: string;
}

/**
 * The unauthenticated identity endpoints: the JWKS (public keys only; cacheable for 5 minutes, which with a
 * 24-hour overlap leaves verifiers ample time to see a new key), RFC 8414 metadata, and the token endpoint.
 * `baseUrl` is known only once the server listens, hence a getter.
 */
export function createIdentityRoutes(deps: HubDeps, auth: Authenticator, redis: Redis, o: IdentityHttpOptions, baseUrl: () => string) {
  const origin = () => (o.publicUrl ? new URL(o.publicUrl).origin : baseUrl());
  const token = createTokenEndpoint({ deps, issuer: o.issuer, auth, redis, redisPrefix: o.queuePrefix, tokenUrl: () => `${origin()}${TOKEN_PATH}`, ttlSeconds: o.tokenTtlSeconds });
  const json = (res: ServerResponse, body: unknown, cache: string) => res.writeHead(200, { "content-type": "application/json", "cache-control": cache }).end(JSON.stringify(body));

  return {
    handles: (path: string) => path === JWKS_PATH || path === METADATA_PATH || path === TOKEN_PATH,
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      if (path === TOKEN_PATH) return token(req, res);
      if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET" }).end();
      await o.keys.refresh();
      if (path === JWKS_PATH) return void json(res, o.keys.jwks(), "public, max-age=300");
      json(
        res,
        {
          issuer: o.issuer.settings.issuer,
          token_endpoint: `${origin()}${TOKEN_PATH}`,
          jwks_uri: `${origin()}${JWKS_PATH}`,
          grant_types_supported: [GRANT_CLIENT_CREDENTIALS, GRANT_TOKEN_EXCHANGE],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "private_key_jwt"],
          token_endpoint_auth_signing_alg_values_supported: ["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"],
        },
        "public, max-age=300",
      );
    },
  };
}
