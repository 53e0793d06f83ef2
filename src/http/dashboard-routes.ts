import { existsSync, readFileSync } from "node:fs";
import { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

/** Where the command screen lives. */
export const DASHBOARD_PATH = "/dashboard";
/** Where the offline GraphQL IDE lives. */
export const GRAPHIQL_PATH = "/graphiql";

/** The repository (or image) root: the folder holding public/ (src/http in development, dist/src/http when built). */
function findRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "public", "dashboard", "index.html"))) return dir;
    if (dirname(dir) === dir) throw new Error("public/dashboard not found above " + __dirname);
  }
}

type Asset = { file: string; type: string; csp: "dashboard" | "graphiql" | null; immutable: boolean };

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";
const HTML = "text/html; charset=utf-8";

/**
 * Every file the two pages load, by URL: a fixed table (no path from the URL ever reaches the file system). The
 * libraries come from node_modules at their pinned versions, so the pages work on a network without internet access.
 */
const ASSETS: Record<string, Asset> = {
  [DASHBOARD_PATH]: { file: "public/dashboard/index.html", type: HTML, csp: "dashboard", immutable: false },
  [`${DASHBOARD_PATH}/`]: { file: "public/dashboard/index.html", type: HTML, csp: "dashboard", immutable: false },
  [`${DASHBOARD_PATH}/dashboard.js`]: { file: "public/dashboard/dashboard.js", type: JS, csp: null, immutable: false },
  [`${DASHBOARD_PATH}/dashboard.css`]: { file: "public/dashboard/dashboard.css", type: CSS, csp: null, immutable: false },
  "/assets/echarts.min.js": { file: "node_modules/echarts/dist/echarts.min.js", type: JS, csp: null, immutable: true },
  "/assets/graphql-ws.min.js": { file: "node_modules/graphql-ws/umd/graphql-ws.min.js", type: JS, csp: null, immutable: true },
  [GRAPHIQL_PATH]: { file: "public/graphiql/index.html", type: HTML, csp: "graphiql", immutable: false },
  [`${GRAPHIQL_PATH}/`]: { file: "public/graphiql/index.html", type: HTML, csp: "graphiql", immutable: false },
  [`${GRAPHIQL_PATH}/graphiql-page.js`]: { file: "public/graphiql/graphiql-page.js", type: JS, csp: null, immutable: false },
  [`${GRAPHIQL_PATH}/graphiql-page.css`]: { file: "public/graphiql/graphiql-page.css", type: CSS, csp: null, immutable: false },
  [`${GRAPHIQL_PATH}/graphiql.min.js`]: { file: "node_modules/graphiql/graphiql.min.js", type: JS, csp: null, immutable: true },
  [`${GRAPHIQL_PATH}/graphiql.min.css`]: { file: "node_modules/graphiql/graphiql.min.css", type: CSS, csp: null, immutable: true },
  [`${GRAPHIQL_PATH}/react.production.min.js`]: { file: "node_modules/react/umd/react.production.min.js", type: JS, csp: null, immutable: true },
  [`${GRAPHIQL_PATH}/react-dom.production.min.js`]: { file: "node_modules/react-dom/umd/react-dom.production.min.js", type: JS, csp: null, immutable: true },
};

/**
 * Content-Security-Policy: scripts, styles, fetches and sockets from the hub only ('self' covers ws: to the same
 * host in CSP3). GraphiQL's CSS-in-JS (emotion) inserts <style> elements, so its page alone allows inline styles;
 * neither page allows inline or foreign scripts.
 */
const CSP = {
  dashboard: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  graphiql: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

/** Serves /dashboard, /graphiql and their assets; and sends a browser opening GET /graphql to the IDE. */
export function createDashboardRoutes() {
  const root = findRoot();
  const cache = new Map<string, { body: Buffer; gz: Buffer }>();
  const load = (a: Asset) => {
    let c = cache.get(a.file);
    if (!c) {
      const body = readFileSync(join(root, a.file));
      cache.set(a.file, (c = { body, gz: gzipSync(body) }));
    }
    return c;
  };
  return {
    /** Whether this module answers the request. */
    handles(req: IncomingMessage, url: URL): boolean {
      if (url.pathname === "/graphql") return opensIde(req, url);
      return url.pathname in ASSETS && (req.method === "GET" || req.method === "HEAD");
    },
    handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
      if (url.pathname === "/graphql") return void res.writeHead(302, { location: GRAPHIQL_PATH }).end();
      const a = ASSETS[url.pathname];
      const c = load(a);
      const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      const headers: Record<string, string> = {
        "content-type": a.type,
        "cache-control": a.immutable ? "public, max-age=86400" : "no-cache",
        "x-content-type-options": "nosniff",
        vary: "accept-encoding",
      };
      if (a.csp) Object.assign(headers, { "content-security-policy": CSP[a.csp], "referrer-policy": "no-referrer", "x-frame-options": "DENY" });
      if (gzip) headers["content-encoding"] = "gzip";
      const body = gzip ? c.gz : c.body;
      headers["content-length"] = String(body.length);
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    },
  };
}

/**
 * A person typing /graphql into a browser: a GET for an HTML page, with no query and no WebSocket upgrade. API
 * clients (GET with ?query=, POST, graphql-ws upgrades) never match. Apollo's own landing page is disabled: its
 * Sandbox loads from a CDN and stays blank on a network without internet access.
 */
function opensIde(req: IncomingMessage, url: URL): boolean {
  return req.method === "GET" && !url.searchParams.has("query") && !req.headers.upgrade && /\btext\/html\b/.test(String(req.headers.accept ?? ""));
}
