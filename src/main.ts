import "reflect-metadata";
import { Hub, HubOptions, startHub } from "./hub";
import { ConfigError, loadConfig } from "./platform/config";
import { createLogger } from "./platform/logger";
import { startDemoActivity } from "./db/seed/demo-activity";

/**
 * Process entry point. HUB_ROLE=all (default: API + worker in one process, embedded SQLite and a private
 * Redis unless DATABASE_URL / REDIS_URL are set), api, or worker.
 */
/** Extra start-up work around the hub (the demo launcher starts agency simulators this way). */
export interface MainHooks {
  options?: Omit<HubOptions, "log">;
  onStarted?: (hub: Hub) => Promise<void>;
  onStopped?: () => Promise<void>;
}

export async function runMain(env: NodeJS.ProcessEnv = process.env, hooks: MainHooks = {}): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  let hub: Hub;
  try {
    hub = await startHub(config, { ...hooks.options, log });
  } catch (e) {
    // Settings checked only at start-up (e.g. a missing key file in production) are configuration errors too.
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  await hooks.onStarted?.(hub);
  const site = hub.url?.replace(/\/graphql$/, "");
  log.info(
    { url: hub.url, dashboard: site ? `${site}/dashboard` : undefined, graphiql: site ? `${site}/graphiql` : undefined, role: config.HUB_ROLE, database: config.DATABASE_URL.replace(/\/\/[^@]*@/, "//***@") },
    site ? `petition-hub ready at ${hub.url} · command screen ${site}/dashboard · GraphiQL ${site}/graphiql` : "petition-hub worker running",
  );
  // With the demo data (npm start), one new petition every 20 s keeps the command screen moving.
  const demo = config.DEMO_DATA === "yes" || (config.DEMO_DATA === "auto" && config.DATABASE_URL.startsWith("sqlite:"));
  const activity = demo && hub.url && config.NODE_ENV !== "production" ? startDemoActivity(hub.deps) : null;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    activity?.stop();
    const force = setTimeout(() => process.exit(1), 25_000).unref();
    hub.stop().then(async () => {
        await hooks.onStopped?.();
        clearTimeout(force);
        log.info("stopped");
        process.exit(0);
      }, (err) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/** Logs a start-up failure without a stack trace dump and exits non-zero. */
export function exitOnFailure(err: unknown): never {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

if (require.main === module) runMain().catch(exitOnFailure);
