import { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import express from "express";
import { decodeJwt } from "jose";
import { isBureauOperator } from "../domain/access/bureau-operator";
import { Authenticator } from "../platform/authenticate";
import { Logger } from "../platform/logger";
import { QUEUES, agencyQueue } from "../queues/contracts";
import { QueueRegistry } from "../queues/queue-registry";
import { AdminSessions, MAX_ADMIN_SESSION_SECONDS } from "./admin-sessions";
import type { BoardAudit } from "./bull-board-audit";
import { loginPage } from "./admin-login-page";
import { readBody } from "./graphql-handler";

export const BOARD_PATH = "/admin/queues";
export const LOGIN_PATH = "/admin/login";
export const LOGOUT_PATH = "/admin/logout";
const COOKIE = "hub_admin";
const MAX_FORM = 16_384;

function sessionId(req: IncomingMessage): string | undefined {
  return /(?:^|;\s*)hub_admin=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
}

/** `Secure` is set on plain http too: browsers accept it from http://localhost, and anywhere else TLS is required. */
const cookie = (value: string, maxAge: number) => `${COOKIE}=${value}; Secure; HttpOnly; SameSite=Strict; Path=/admin; Max-Age=${maxAge}`;

const NO_STORE = { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-frame-options": "DENY" };

/**
 * CSRF defence for the POSTs besides SameSite=Strict: a browser names the page that sent a POST in `Origin`; it must
 * be this host. A request without Origin is not from a browser form on another site (browsers send it on
 * cross-origin POSTs), so it is let through for scripts and curl.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // includes "null" (sandboxed frames, file: pages)
  }
}

/**
 * Bull Board at /admin/queues for city-bureau operators only. Browsers sign in at GET /admin/login (a form served
 * here, no CDN) by POSTing the operator token in the form body (or an Authorization header); the hub keeps a
 * server-side session (Redis, at most 8 h and never past the token's expiry) and sets only its random id as the
 * `hub_admin` cookie. Tokens are never accepted in URLs. API clients may send `Authorization: Bearer` instead.
 */
export function createBullBoardHandler(queues: QueueRegistry, agencyCodes: string[], auth: Authenticator, sessions: AdminSessions, log: Logger, audit?: BoardAudit) {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BOARD_PATH);
  const names = [QUEUES.events, QUEUES.maintenance, ...agencyCodes.map(agencyQueue)];
  createBullBoard({ queues: names.map((n) => new BullMQAdapter(queues.get(n))), serverAdapter: adapter });
  // Only the board runs on express (its adapter needs it); everything else stays on plain node:http.
  const app = express();
  app.use(BOARD_PATH, adapter.getRouter());

  const operator = async (token: string | undefined) => {
    const p = token ? await auth.principal(`Bearer ${token}`).catch(() => null) : null;
    return isBureauOperator(p) ? p : null;
  };
  const text = (res: ServerResponse, status: number, body: string) => void res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...NO_STORE }).end(body);

  const login = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.searchParams.has("token")) return text(res, 400, "tokens in URLs are refused (they end up in logs and history): sign in with the form at /admin/login");
    if (req.method === "GET" || req.method === "HEAD") return void res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'", ...NO_STORE }).end(loginPage());
    if (req.method !== "POST") return void res.writeHead(405, { allow: "GET, POST" }).end();
    if (!sameOrigin(req)) return text(res, 403, "cross-origin sign-in refused");
    const body = await readBody(req).catch(() => null);
    if (!body || body.length > MAX_FORM) return text(res, 413, "form too large");
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? new URLSearchParams(body.toString("utf8")).get("token")?.trim();
    if (!token) return text(res, 400, "operator token required");
    const p = await operator(token);
    if (!p) return text(res, 403, "city-bureau operators only");
    const exp = decodeJwt(token).exp;
    const ttl = Math.min(MAX_ADMIN_SESSION_SECONDS, exp ? exp - Math.floor(Date.now() / 1000) : MAX_ADMIN_SESSION_SECONDS);
    if (ttl < 1) return text(res, 403, "token expired");
    const id = await sessions.create({ subject: p.subject, orgId: p.orgId, orgCode: p.orgCode, roles: p.roles }, ttl);
    log.info({ subject: p.subject, org: p.orgCode, ttl }, "operator signed in to /admin");
    res.writeHead(303, { location: BOARD_PATH, "set-cookie": cookie(id, ttl), ...NO_STORE }).end();
  };

  const logout = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
    if (!sameOrigin(req)) return text(res, 403, "cross-origin sign-out refused");
    await sessions.delete(sessionId(req));
    res.writeHead(303, { location: LOGIN_PATH, "set-cookie": cookie("", 0), ...NO_STORE }).end();
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    try {
      if (url.pathname === LOGIN_PATH) return await login(req, res, url);
      if (url.pathname === LOGOUT_PATH) return await logout(req, res);
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
      const p = bearer ? await operator(bearer) : null;
      const session = bearer ? null : await sessions.get(sessionId(req));
      if (!p && !session) return text(res, 403, "bureau operators only: sign in at /admin/login");
      // Changes (any non-GET) go to the audit log, with the operator the session was opened for.
      const actor = p ?? session!;
      audit?.(req, res, url, { subject: actor.subject, orgId: actor.orgId ?? null, orgCode: actor.orgCode, roles: [...actor.roles] });
      app(req, res);
    } catch (err) {
      log.error({ err }, "admin request failed");
      if (!res.headersSent) text(res, 503, "admin temporarily unavailable");
    }
  };
}
