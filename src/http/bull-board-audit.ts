import { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_AUDIT } from "../commands/audit-scope";
import type { HubDeps } from "../commands/command-context";
import { AuditAction, OUTCOME_OK } from "../domain/audit/audit-chain";
import { appendAuditNow } from "../db/audit-log";

/** Who is acting on the board, as far as the board's sign-in knows. */
export interface BoardActor {
  subject: string;
  orgId: number | null;
  orgCode: string;
  roles: readonly string[];
}

/** Records one board request that may change queues; called for every non-GET/HEAD request the board serves. */
export type BoardAudit = (req: IncomingMessage, res: ServerResponse, url: URL, actor: BoardActor) => void;

const READ_ONLY = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every Bull Board request other than GET/HEAD (retry, clean, promote, remove, pause, …) becomes a
 * BULLBOARD_ACTION entry. The entry is appended when the board finishes its answer and before that answer is
 * sent (`res.end` is held until the append commits), so an operator never sees "done" for an unaudited action; if
 * the append fails, the answer becomes a 500. The queue change itself happens in Redis before the append: a
 * crash in that window (milliseconds) loses the entry, which docs/security.md states.
 */
export function createBoardAudit(deps: HubDeps): BoardAudit {
  return (req, res, url, actor) => {
    if (READ_ONLY.has(req.method ?? "GET")) return;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    // Bull Board's API paths carry queue names and job ids only (no job data): /api/queues/<queue>/<job>/retry …
    const path = url.pathname.slice(0, 300);
    const queue = /\/api\/queues\/([^/]+)/.exec(path)?.[1] ?? null;
    res.end = ((...args: unknown[]) => {
      const status = res.statusCode;
      appendAuditNow(deps.db, [{
        at: new Date(),
        actorSubject: actor.subject,
        actorOrgId: actor.orgId,
        onBehalfOfOrgId: null,
        roles: [...actor.roles],
        action: AuditAction.BULLBOARD_ACTION,
        resourceType: queue ? "queue" : null,
        resourceId: queue ? decodeURIComponent(queue).slice(0, 200) : null,
        petitionId: null,
        outcome: status < 400 ? OUTCOME_OK : `HTTP_${status}`,
        requestId: typeof res.getHeader("x-request-id") === "string" ? (res.getHeader("x-request-id") as string) : null,
        clientIp: req.socket.remoteAddress ?? null,
        details: { method: req.method ?? "?", path, status, orgCode: actor.orgCode },
      }], (deps.audit ?? DEFAULT_AUDIT).alg).then(
        () => end(...args),
        (err) => {
          deps.log.error({ err, path }, "audit append for a Bull Board action failed");
          if (!res.headersSent) {
            res.statusCode = 500;
            res.setHeader("content-type", "text/plain; charset=utf-8");
            res.removeHeader("content-length");
            return end("the action could not be audited");
          }
          return end(...args);
        },
      );
      return res;
    }) as ServerResponse["end"];
  };
}
