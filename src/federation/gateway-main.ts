import { z } from "zod";
import { ConfigError } from "../platform/config";
import { createLogger } from "../platform/logger";
import { startGateway } from "./gateway";

/**
 * `npm run gateway`: the federated gateway as its own process.
 *
 *   GATEWAY_SUBGRAPHS_JSON  [{"name":"hub","url":"http://hub:4000/graphql"},{"name":"veterans","url":"http://…/graphql"}]
 *   GATEWAY_PORT            default 4100
 *   GATEWAY_HOST            default 0.0.0.0
 *   GATEWAY_POLL_MS         recompose from the subgraphs' SDL this often (ms); unset = compose once at start
 *   GATEWAY_CHECK           1: compose once, print the result and exit (0 composes, 1 does not): the check a
 *                           province runs before it adds or changes an agency subgraph
 *   GATEWAY_TOKEN_URL       the hub's token endpoint, e.g. http://hub:4000/oauth/token
 *   GATEWAY_CLIENT_ID / GATEWAY_CLIENT_SECRET   the gateway's machine client (role GATEWAY, client_secret_basic),
 *                           created by the bureau administrator with createMachineClient
 *   JWT_AUDIENCE            the hub's audience (default petition-hub): the hub subgraph's tokens carry it
 *   LOG_LEVEL
 *
 * The gateway holds no signing key and no shared secret of the hub: it asks the hub for per-subgraph tokens.
 *
 * Exits 78 on a configuration mistake and 1 when the supergraph does not compose.
 */
const subgraphs = z
  .array(z.object({ name: z.string().regex(/^[A-Za-z][\w-]{0,63}$/, "letters, digits, - and _"), url: z.string().url(), audience: z.string().min(1).optional() }).strict())
  .min(1, "at least one subgraph")
  .refine((xs) => new Set(xs.map((x) => x.name)).size === xs.length, "subgraph names must be unique");

const gatewayEnv = z.object({
  GATEWAY_SUBGRAPHS_JSON: z.string({ error: "required" }).transform((text, ctx) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: "not valid JSON" });
      return z.NEVER;
    }
    const r = subgraphs.safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues) ctx.addIssue({ code: "custom", message: `${i.path.length ? `[${i.path.join(".")}] ` : ""}${i.message}` });
      return z.NEVER;
    }
    return r.data;
  }),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  GATEWAY_HOST: z.string().min(1).default("0.0.0.0"),
  GATEWAY_POLL_MS: z.coerce.number().int().min(1000).optional(),
  GATEWAY_CHECK: z.enum(["0", "1"]).default("0"),
  GATEWAY_TOKEN_URL: z.string({ error: "required" }).url(),
  GATEWAY_CLIENT_ID: z.string({ error: "required" }).min(1),
  GATEWAY_CLIENT_SECRET: z.string({ error: "required" }).min(16, "too short for a hub client secret"),
  JWT_AUDIENCE: z.string().min(1).default("petition-hub"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

function loadGatewayConfig(env: NodeJS.ProcessEnv) {
  const parsed = gatewayEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const d = parsed.data;
  return { ...d, client: { tokenUrl: d.GATEWAY_TOKEN_URL, clientId: d.GATEWAY_CLIENT_ID, clientSecret: d.GATEWAY_CLIENT_SECRET }, hubAudience: d.JWT_AUDIENCE, logLevel: d.LOG_LEVEL };
}

export async function runGateway(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let c;
  try {
    c = loadGatewayConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const log = createLogger(c.logLevel);
  if (c.GATEWAY_CHECK === "1") {
    const probe = await startGateway({ port: 0, host: "127.0.0.1", subgraphs: c.GATEWAY_SUBGRAPHS_JSON, client: c.client, hubAudience: c.hubAudience, log: createLogger("silent") });
    await probe.stop();
    console.log(`composition ok: ${c.GATEWAY_SUBGRAPHS_JSON.map((s) => s.name).join(", ")}`);
    process.exit(0);
  }
  const gw = await startGateway({ port: c.GATEWAY_PORT, host: c.GATEWAY_HOST, subgraphs: c.GATEWAY_SUBGRAPHS_JSON, client: c.client, hubAudience: c.hubAudience, pollIntervalMs: c.GATEWAY_POLL_MS, log });
  log.info({ url: gw.url, subgraphs: c.GATEWAY_SUBGRAPHS_JSON.map((s) => s.name) }, `petition-hub gateway ready at ${gw.url}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 25_000).unref();
    gw.stop().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (require.main === module)
  runGateway().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
