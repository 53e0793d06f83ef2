import { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import express from "express";
import { seesEverything, hasRole } from "../domain/access/principal";
import { Role } from "../domain/petition-terms";
import { Authenticator } from "../platform/authenticate";
import { QUEUES, agencyQueue } from "../queues/contracts";
import { QueueRegistry } from "../queues/queue-registry";
import type { BoardAudit } from "./bull-board-audit";

export const BOARD_PATH = "/admin/queues";
const COOKIE = "hub_admin";

function cookieToken(req: IncomingMessage): string | undefined {
  return /(?:^|;\s*)hub_admin=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
}

/**
 * Bull Board at /admin/queues for city-bureau operators only. Browsers sign in once with
 * /admin/login?token=<operator token>, which sets an HttpOnly cookie; API clients may send the bearer header.
 */
export function createBullBoardHandler(queues: QueueRegistry, agencyCodes: string[], auth: Authenticator, audit?: BoardAudit) {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BOARD_PATH);
  const names = [QUEUES.events, QUEUES.maintenance, ...agencyCodes.map(agencyQueue)];
  createBullBoard({ queues: names.map((n) => new BullMQAdapter(queues.get(n))), serverAdapter: adapter });
  // Only the board runs on express (its adapter needs it); everything else stays on plain node:http.
  const app = express();
  app.use(BOARD_PATH, adapter.getRouter());

  const operator = async (token: string | undefined) => {
    const p = token ? await auth.principal(`Bearer ${token}`).catch(() => null) : null;
    return p && seesEverything(p) && hasRole(p, Role.OPERATOR) ? p : null;
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (url.pathname === "/admin/login") {
      const token = url.searchParams.get("token") ?? undefined;
      if (!(await operator(token))) return void res.writeHead(403, { "content-type": "text/plain" }).end("operator token required");
      return void res.writeHead(302, { location: BOARD_PATH, "set-cookie": `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/admin` }).end();
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const p = await operator(bearer ?? cookieToken(req));
    if (!p) return void res.writeHead(403, { "content-type": "text/plain" }).end("bureau operators only: sign in at /admin/login?token=…");
    // Changes (any non-GET) go to the audit log.
    audit?.(req, res, url, { subject: p.subject, orgId: p.orgId, orgCode: p.orgCode, roles: p.roles });
    app(req, res);
  };
}
