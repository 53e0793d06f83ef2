import type { IncomingMessage, ServerResponse } from "node:http";
import type { DataSource } from "typeorm";
import { OPEN311_SERVICES, parseOpen311Query } from "../domain/citizen/open311";
import { readOpen311Requests } from "../db/open311-queries";
import type { Logger } from "../platform/logger";

const BASE = "/open311/v2/";
const SINGLE = /^\/open311\/v2\/requests\/([^/]{1,40})\.json$/;

/**
 * The read-only Open311 GeoReport v2 endpoints: `services.json`, `requests.json` and `requests/{id}.json`, JSON
 * only. Public like the spec intends, with nothing personal in them (domain/citizen/open311.ts says what is left
 * out and why), so reads are not audited one by one; POST (creating requests) is not offered: petitions are
 * registered by the bureau (Art. 17), not by civic tools.
 */
export function createOpen311Routes(db: DataSource, log: Logger) {
  const send = (res: ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=60", "access-control-allow-origin": "*" }).end(JSON.stringify(body));
  const error = (res: ServerResponse, status: 400 | 404 | 405 | 500, description: string) => send(res, status, [{ code: status, description }]);
  return {
    handles: (pathname: string) => pathname.startsWith(BASE),
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      if (req.method !== "GET" && req.method !== "HEAD") return error(res, 405, "this GeoReport v2 endpoint is read-only");
      try {
        if (url.pathname === `${BASE}services.json`)
          return send(res, 200, OPEN311_SERVICES.map((s) => ({ service_code: s.code, service_name: s.name, description: s.description, metadata: false, type: "batch", keywords: "", group: "信访" })));
        const single = SINGLE.exec(url.pathname);
        if (single) {
          let id: string;
          try {
            id = decodeURIComponent(single[1]);
          } catch {
            return error(res, 400, "malformed service_request_id");
          }
          const found = await readOpen311Requests(db, { ids: [id] });
          return found.length ? send(res, 200, found) : error(res, 404, "no such service request");
        }
        if (url.pathname === `${BASE}requests.json`) {
          const q = parseOpen311Query(url.searchParams, new Date());
          if (!q.ok) return error(res, q.code, q.description);
          return send(res, 200, await readOpen311Requests(db, q.ids ? { ids: q.ids } : { serviceCodes: q.serviceCodes, statuses: q.statuses, start: q.start, end: q.end }));
        }
        return error(res, 404, "not a GeoReport v2 endpoint of this hub (JSON only)");
      } catch (err) {
        log.error({ err, path: url.pathname }, "open311 read failed");
        return error(res, 500, "internal error");
      }
    },
  };
}
