import { Queue, Worker } from "bullmq";
import Redis from "ioredis";
import { DataSource } from "typeorm";
import { HubDeps } from "./commands/command-context";
import { openDatabase } from "./db/data-source";
import { loadDemoData } from "./db/seed/demo-data";
import { ensureOrganizations } from "./db/seed/organizations";
import { WorkCalendar } from "./domain/deadlines/calendar";
import { DeadlineCalculator } from "./domain/deadlines/deadline-calculator";
import { RunningHttp, startHttp } from "./http/server";
import { Authenticator } from "./platform/authenticate";
import { Config } from "./platform/config";
import { createLogger, Logger } from "./platform/logger";
import { PrivateRedis, startPrivateRedis } from "./platform/private-redis";
import { TokenVerifier } from "./platform/tokens";
import { QUEUES } from "./queues/contracts";
import { startEventsWorker, EventHandler } from "./queues/events.worker";
import { startMaintenance } from "./queues/maintenance.worker";
import { OutboxRelay } from "./queues/outbox-relay";
import { redisOptions } from "./queues/redis";
import { buildHubSchema } from "./resolvers/build-schema";

export interface Hub {
  deps: HubDeps;
  url: string | null;
  redisUrl: string;
  relay: OutboxRelay | null;
  stop(): Promise<void>;
}

export interface HubOptions {
  log?: Logger;
  onQuery?: (sql: string) => void;
  eventHandlers?: Record<string, EventHandler[]>;
}

/**
 * Composes the process: database (migrated), Redis (given or private), API and/or worker by HUB_ROLE.
 * `stop()` shuts down in reverse: stop accepting and drain requests, stop workers, close connections.
 */
export async function startHub(config: Config, opts: HubOptions = {}): Promise<Hub> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const stops: [string, () => Promise<void>][] = [];
  const stopAll = async () => {
    for (const [name, s] of stops.reverse()) {
      log.debug({ step: name }, "stopping");
      await s().catch((err) => log.warn({ err, step: name }, "shutdown step failed"));
    }
  };
  try {
    let privateRedis: PrivateRedis | null = null;
    const redisUrl = config.REDIS_URL ?? (privateRedis = await startPrivateRedis(".data/redis")).url;
    if (privateRedis) stops.push(["private redis", privateRedis.stop]);

    const db: DataSource = await openDatabase({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, onQuery: opts.onQuery });
    stops.push(["database", () => db.destroy()]);
    await ensureOrganizations(db);

    const calc = new DeadlineCalculator(config.clockPolicy, new WorkCalendar(config.UTC_OFFSET_MINUTES, config.calendarOverrides));
    const deps: HubDeps = { db, calc, log };

    const health = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    health.on("error", () => undefined);
    await health.connect();
    stops.push(["health redis", async () => void health.disconnect()]);

    let relay: OutboxRelay | null = null;
    if (config.HUB_ROLE !== "api") {
      const queue = new Queue(QUEUES.events, { connection: redisOptions(redisUrl), prefix: config.QUEUE_PREFIX });
      stops.push(["events queue", () => queue.close()]);
      const workers: Worker[] = [startEventsWorker(redisUrl, config.QUEUE_PREFIX, log, opts.eventHandlers ?? {})];
      const maintenance = await startMaintenance(deps, redisUrl, config.QUEUE_PREFIX, config.SWEEP_EVERY_MS);
      workers.push(maintenance.worker);
      stops.push(["maintenance queue", () => maintenance.queue.close()]);
      stops.push(["workers", async () => void (await Promise.all(workers.map((w) => w.close())))]);
      relay = new OutboxRelay(db, queue, log, { intervalMs: config.RELAY_INTERVAL_MS, url: config.DATABASE_URL });
      const r = relay;
      deps.afterCommit = () => r.nudge();
      relay.start();
      stops.push(["outbox relay", () => r.stop()]);
    }

    const demo = config.DEMO_DATA === "yes" || (config.DEMO_DATA === "auto" && config.DATABASE_URL.startsWith("sqlite:"));
    if (demo) {
      const { petitions } = await loadDemoData(deps);
      if (petitions) log.info({ petitions }, "demo data loaded");
    }

    let http: RunningHttp | null = null;
    if (config.HUB_ROLE !== "worker") {
      const auth = new Authenticator(new TokenVerifier({ secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }), db);
      const ready = async () => {
        const checks: Record<string, string> = {};
        checks.database = await db.query("SELECT 1").then(() => "ok", (e: Error) => e.message);
        checks.redis = await health.ping().then(() => "ok", (e: Error) => e.message);
        return { ok: checks.database === "ok" && checks.redis === "ok", checks };
      };
      http = await startHttp(await buildHubSchema(), deps, auth, { host: config.HOST, port: config.PORT, production: config.NODE_ENV === "production", ready });
      stops.push(["http", http.stop]);
    }
    return { deps, url: http?.url ?? null, redisUrl, relay, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
