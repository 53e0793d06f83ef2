import { createHash } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import type Redis from "ioredis";
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { MachineClientAuthMethod } from "../domain/access/machine-clients";
import { Role } from "../domain/petition-terms";
import { OrganizationEntity } from "../db/entities";
import { MachineClientEntity } from "../db/entities/machine-client.entity";
import { HubDeps } from "../commands/command-context";
import { AuthenticationFailed, Authenticator } from "../platform/authenticate";
import { ASSERTION_ALGS } from "../platform/client-jwk";
import { DUMMY_SECRET_HASH, verifyClientSecret } from "../platform/client-secrets";
import { TokenIssuer } from "../platform/tokens";
import { readBody } from "./graphql-handler";

export const GRANT_CLIENT_CREDENTIALS = "client_credentials";
export const GRANT_TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ASSERTION_TYPE_JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const TOKEN_TYPE_ACCESS = "urn:ietf:params:oauth:token-type:access_token";
const TOKEN_TYPE_JWT = "urn:ietf:params:oauth:token-type:jwt";
/** Audiences a subgraph token may name: `urn:petition-hub:subgraph:<name>`. */
export const SUBGRAPH_AUDIENCE = /^urn:petition-hub:subgraph:[A-Za-z][\w-]{0,63}$/;
/** Longest lifetime of a client assertion (RFC 7523): exp at most 5 minutes ahead, plus clock skew. */
const MAX_ASSERTION_SECONDS = 300;
const SKEW_SECONDS = 30;

/** An RFC 6749 §5.2 error response. */
class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}
const invalidClient = (why: string) => new OAuthError("invalid_client", why, 401);

export interface TokenEndpointOptions {
  deps: HubDeps;
  issuer: TokenIssuer;
  auth: Authenticator;
  /** Single-use `jti` of client assertions. */
  redis: Redis;
  redisPrefix: string;
  /** This endpoint's URL: the audience a client assertion must name (the hub's issuer is accepted too). */
  tokenUrl: () => string;
  /** Lifetime of issued tokens, ≤ 900 s. */
  ttlSeconds: number;
}

const formDecode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw new OAuthError("invalid_request", "malformed client credentials");
  }
};

/** Form parameters, refusing repeated ones (RFC 6749 §3.2). */
function parseForm(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(raw)) {
    if (out.has(k)) throw new OAuthError("invalid_request", `parameter ${k} given more than once`);
    out.set(k, v);
  }
  return out;
}

/**
 * POST /oauth/token: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) and, for the gateway, token exchange
 * (RFC 8693). Clients authenticate with client_secret_basic, client_secret_post or private_key_jwt (RFC 7523),
 * exactly as registered. Responses follow §5.1/§5.2 and are never cached.
 */
export function createTokenEndpoint(o: TokenEndpointOptions) {
  const clients = () => o.deps.db.getRepository(MachineClientEntity);

  async function secretClient(clientId: string, secret: string, method: MachineClientAuthMethod): Promise<MachineClientEntity> {
    const c = await clients().findOneBy({ clientId });
    // Always pay for one scrypt, so timing does not tell which client ids exist.
    const ok = await verifyClientSecret(secret, c?.secretHash ?? DUMMY_SECRET_HASH);
    if (!c || !ok) throw invalidClient("unknown client or wrong secret");
    if (c.authMethod !== method) throw invalidClient(`client is registered for ${c.authMethod.toLowerCase()}`);
    return c;
  }

  async function assertionClient(assertion: string, claimedId: string | undefined): Promise<MachineClientEntity> {
    let iss: string | undefined;
    let alg: string | undefined;
    try {
      iss = decodeJwt(assertion).iss;
      alg = decodeProtectedHeader(assertion).alg;
    } catch {
      throw invalidClient("client_assertion is not a JWT");
    }
    if (!iss || (claimedId !== undefined && claimedId !== iss)) throw invalidClient("client_assertion iss does not name the client");
    const c = await clients().findOneBy({ clientId: iss });
    if (!c || c.authMethod !== MachineClientAuthMethod.PRIVATE_KEY_JWT || !c.publicJwk) throw invalidClient("unknown client or not a private_key_jwt client");
    const allowed = ASSERTION_ALGS[c.publicJwk.kty ?? ""] ?? [];
    if (!alg || !allowed.includes(alg) || (c.publicJwk.alg && c.publicJwk.alg !== alg)) throw invalidClient("client_assertion alg does not fit the registered key");
    let payload;
    try {
      const key = await importJWK(c.publicJwk, alg);
      ({ payload } = await jwtVerify(assertion, key, {
        algorithms: [alg],
        issuer: c.clientId,
        subject: c.clientId,
        audience: [o.tokenUrl(), o.issuer.settings.issuer],
        requiredClaims: ["exp", "jti"],
        clockTolerance: SKEW_SECONDS,
      }));
    } catch (e) {
      throw invalidClient(`client_assertion refused: ${(e as { code?: string }).code ?? "invalid"}`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (payload.exp! > now + MAX_ASSERTION_SECONDS + SKEW_SECONDS) throw invalidClient("client_assertion exp is more than 5 minutes ahead");
    const jti = createHash("sha256").update(String(payload.jti)).digest("base64url");
    const ttl = Math.max(1, payload.exp! - now + SKEW_SECONDS);
    const fresh = await o.redis.set(`${o.redisPrefix}:oauth:jti:${c.clientId}:${jti}`, "1", "EX", ttl, "NX");
    if (fresh !== "OK") throw invalidClient("client_assertion jti already used");
    return c;
  }

  async function authenticateClient(req: IncomingMessage, p: Map<string, string>): Promise<MachineClientEntity> {
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const methods = [basic !== undefined, p.has("client_secret"), p.has("client_assertion")].filter(Boolean).length;
    if (methods > 1) throw new OAuthError("invalid_request", "use exactly one client authentication method");
    let c: MachineClientEntity;
    if (basic !== undefined) {
      const decoded = Buffer.from(basic, "base64").toString("utf8");
      const i = decoded.indexOf(":");
      if (i < 0) throw invalidClient("malformed Basic credentials");
      const id = formDecode(decoded.slice(0, i));
      if (p.has("client_id") && p.get("client_id") !== id) throw new OAuthError("invalid_request", "client_id differs from the Basic credentials");
      c = await secretClient(id, formDecode(decoded.slice(i + 1)), MachineClientAuthMethod.CLIENT_SECRET_BASIC);
    } else if (p.has("client_secret")) {
      const id = p.get("client_id");
      if (!id) throw invalidClient("client_id missing");
      c = await secretClient(id, p.get("client_secret")!, MachineClientAuthMethod.CLIENT_SECRET_POST);
    } else if (p.has("client_assertion")) {
      if (p.get("client_assertion_type") !== ASSERTION_TYPE_JWT_BEARER) throw invalidClient(`client_assertion_type must be ${ASSERTION_TYPE_JWT_BEARER}`);
      c = await assertionClient(p.get("client_assertion")!, p.get("client_id"));
    } else throw invalidClient("client authentication required");
    if (c.revokedAt) throw invalidClient("client revoked");
    return c;
  }

  async function orgCode(orgId: number): Promise<string> {
    const org = await o.deps.db.getRepository(OrganizationEntity).findOneBy({ id: orgId });
    if (!org) throw invalidClient("client's organisation no longer exists");
    return org.code;
  }

  async function clientCredentials(c: MachineClientEntity, p: Map<string, string>) {
    let roles = c.roles;
    if (p.has("scope")) {
      const asked = p.get("scope")!.split(" ").filter(Boolean);
      const unknown = asked.filter((s) => !c.roles.includes(s as Role));
      if (!asked.length || unknown.length) throw new OAuthError("invalid_scope", `not granted to this client: ${unknown.join(" ") || "(empty scope)"}`);
      roles = asked as Role[];
    }
    const { token, exp } = await o.issuer.sign({ sub: c.clientId, org: await orgCode(c.orgId), roles, client_id: c.clientId }, { ttlSeconds: o.ttlSeconds });
    return { access_token: token, token_type: "Bearer", expires_in: exp - Math.floor(Date.now() / 1000), scope: roles.join(" ") };
  }

  async function tokenExchange(c: MachineClientEntity, p: Map<string, string>) {
    if (!c.roles.includes(Role.GATEWAY)) throw new OAuthError("unauthorized_client", "token exchange is for the gateway's client only");
    const subject = p.get("subject_token");
    const subjectType = p.get("subject_token_type");
    if (!subject || !subjectType) throw new OAuthError("invalid_request", "subject_token and subject_token_type are required");
    if (![TOKEN_TYPE_ACCESS, TOKEN_TYPE_JWT].includes(subjectType)) throw new OAuthError("invalid_request", "unsupported subject_token_type");
    const requested = p.get("requested_token_type");
    if (requested && ![TOKEN_TYPE_ACCESS, TOKEN_TYPE_JWT].includes(requested)) throw new OAuthError("invalid_request", "unsupported requested_token_type");
    if (p.has("resource") || p.has("actor_token")) throw new OAuthError("invalid_target", "resource and actor_token are not supported; name the subgraph in audience");
    const audience = p.get("audience");
    if (!audience || !(audience === o.issuer.settings.audience || SUBGRAPH_AUDIENCE.test(audience))) throw new OAuthError("invalid_target", "audience must be the hub or urn:petition-hub:subgraph:<name>");
    let claims;
    try {
      claims = await o.auth.verifyToken(subject);
    } catch (e) {
      throw new OAuthError("invalid_grant", e instanceof AuthenticationFailed ? `subject_token refused (${e.message})` : "subject_token refused");
    }
    const roles = claims.roles.filter((r) => r !== Role.GATEWAY);
    if (!roles.length) throw new OAuthError("invalid_grant", "subject_token carries no role to delegate");
    if (!(await o.auth.organization(claims.org))) throw new OAuthError("invalid_grant", "subject_token names an unknown organisation");
    const act = { sub: c.clientId, ...(claims.act ? { act: claims.act } : {}) };
    const subjectClient = claims.client_id ?? claims.subject_client_id;
    const { token, exp } = await o.issuer.sign(
      { sub: claims.sub, org: claims.org, roles, act, client_id: c.clientId, ...(subjectClient ? { subject_client_id: subjectClient } : {}) },
      { audience, ttlSeconds: o.ttlSeconds, notAfter: claims.exp },
    );
    return { access_token: token, issued_token_type: TOKEN_TYPE_ACCESS, token_type: "Bearer", expires_in: Math.max(0, exp - Math.floor(Date.now() / 1000)) };
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache" };
    let clientId: string | undefined;
    try {
      if (req.method !== "POST") return void res.writeHead(405, { ...headers, allow: "POST" }).end(JSON.stringify({ error: "invalid_request", error_description: "use POST" }));
      if (!/^application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "")) throw new OAuthError("invalid_request", "expected application/x-www-form-urlencoded");
      const p = parseForm((await readBody(req)).toString("utf8"));
      const c = await authenticateClient(req, p);
      clientId = c.clientId;
      const grant = p.get("grant_type");
      if (!grant) throw new OAuthError("invalid_request", "grant_type is required");
      const body = grant === GRANT_CLIENT_CREDENTIALS ? await clientCredentials(c, p) : grant === GRANT_TOKEN_EXCHANGE ? await tokenExchange(c, p) : null;
      if (!body) throw new OAuthError("unsupported_grant_type", `grant_type ${grant} is not supported`);
      res.writeHead(200, headers).end(JSON.stringify(body));
    } catch (e) {
      if (!(e instanceof OAuthError)) {
        const tooLarge = (e as { status?: number }).status === 413;
        if (!tooLarge) o.deps.log.error({ err: e }, "token endpoint failed");
        return void res.writeHead(tooLarge ? 413 : 500, headers).end(JSON.stringify({ error: tooLarge ? "invalid_request" : "server_error" }));
      }
      o.deps.log.info({ clientId, error: e.error, reason: e.description }, "token request refused");
      const extra = e.status === 401 ? { "www-authenticate": 'Basic realm="petition-hub", charset="UTF-8"' } : {};
      res.writeHead(e.status, { ...headers, ...extra }).end(JSON.stringify({ error: e.error, error_description: e.description }));
    }
  };
}
