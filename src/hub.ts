import { Worker } from "bullmq";
import Redis from "ioredis";
import { DataSource } from "typeorm";
import { HubDeps } from "./commands/command-context";
import { sweepDeadlines } from "./commands/sweep-deadlines";
import { sweepReferrals } from "./commands/sweep-referrals";
import { sweepLedger } from "./commands/sweep-ledger";
import { sweepDisputeCases } from "./commands/sweep-dispute-cases";
import { sweepAlertAcks } from "./commands/sweep-alert-acks";
import { sweepUrgentReports } from "./commands/sweep-urgent-reports";
import { earlyWarningFrom } from "./platform/early-warning-config";
import { accidentsFrom } from "./platform/accident-config";
import { sweepAccidentDuties } from "./commands/sweep-accident-duties";
import { bottomLinesFrom } from "./platform/bottom-line-config";
import { documentsFrom } from "./platform/documents-config";
import { letterFontAvailable } from "./documents/letter-pdf";
import { letterDocumentWriter } from "./documents/letter-document-writer";
import { cityVisitFrom } from "./platform/city-visit-config";
import { sweepCityVisitLetters } from "./commands/sweep-city-visit-letters";
import { sweepCityControl } from "./commands/sweep-city-control";
import { AgencyConnector } from "./connectors/agency-connector";
import { AgencySettings, parseAgencyEndpoints } from "./connectors/config";
import { closeConnectors, createConnectors } from "./connectors/registry";
import { HubSigningKeys } from "./connectors/http-signatures/keys";
import { loadPartnerKeys } from "./connectors/http-signatures/partner-keys-config";
import { parseRetrySchedule } from "./queues/retry-schedule";
import { openDatabase } from "./db/data-source";
import { OrganizationEntity } from "./db/entities";
import { loadDemoData } from "./db/seed/demo-data";
import { ensureOrganizations } from "./db/seed/organizations";
import { systemPrincipal } from "./domain/access/principal";
import { WorkCalendar } from "./domain/deadlines/calendar";
import { dateBoundsFrom } from "./domain/date-bounds";
import { DeadlineCalculator } from "./domain/deadlines/deadline-calculator";
import { OrgKind, OrgLevel } from "./domain/petition-terms";
import { DEFAULT_REFERRAL_POLICY } from "./domain/referrals/referral-lifecycle";
import { DEFAULT_ROUTING_RULES, parseRoutingRules } from "./domain/referrals/routing-rules";
import { RunningHttp, startHttp } from "./http/server";
import type { SubscriptionStats } from "./http/subscriptions";
import { requestGuardOptions } from "./http/request-guard.plugin";
import { readinessProbe } from "./http/readiness";
import { createIdentity, Identity } from "./platform/identity";
import { Config, ConfigError } from "./platform/config";
import { PiiCrypto } from "./platform/pii-crypto";
import { loadPiiKeyRing } from "./platform/pii-keys";
import { countPendingPii, rotatePii } from "./db/pii-rotation";
import { createLogger, Logger } from "./platform/logger";
import { PrivateRedis, startPrivateRedis } from "./platform/private-redis";
import { AttemptLimiter } from "./platform/attempt-limiter";
import { startAgencyWorkers } from "./queues/agency.worker";
import { EventHandler, startEventsWorker } from "./queues/events.worker";
import { pollAgency } from "./queues/handlers/poll-agency.handler";
import { PeriodicTask, startMaintenance } from "./queues/maintenance.worker";
import { OutboxRelay, RelayBatchStats } from "./queues/outbox-relay";
import { Reconciler } from "./queues/reconciler";
import { RelayWakeListener, RelayWakePublisher } from "./queues/relay-wake";
import { SchedulerGuard } from "./queues/scheduler-guard";
import { throttledErrorLog } from "./queues/queue-logging";
import { QueueRegistry } from "./queues/queue-registry";
import { buildHubSchema } from "./resolvers/build-schema";
import { ChangeFeed } from "./streams/change-feed";
import { ChangeStream } from "./streams/change-stream";

export interface Hub {
  deps: HubDeps;
  url: string | null;
  redisUrl: string;
  queues: QueueRegistry;
  relay: OutboxRelay | null;
  connectors: Map<string, AgencyConnector>;
  /** The change stream (relayed rows, in relay order) and this process's live feed of it (null in a worker-only process). */
  changes: { stream: ChangeStream; feed: ChangeFeed | null };
  /** Keys, token issuer and authenticator of the API half (null in a worker-only process, which signs nothing). */
  identity: Identity | null;
  /** What this process's subscription sockets hold unread (null without an API half). */
  subscriptionStats(): SubscriptionStats | null;
  stop(): Promise<void>;
}

export interface HubOptions {
  log?: Logger;
  /** The hub's partner-signing keys instead of PARTNER_KEYS_JSON / PARTNER_KEYS_FILE (tests). */
  partnerKeys?: HubSigningKeys;
  onQuery?: (sql: string) => void;
  /** Called after every relayed batch with its timings (benchmarks). */
  onRelayBatch?: (batch: RelayBatchStats) => void;
  eventHandlers?: Record<string, EventHandler[]>;
  /** Agency settings to use instead of AGENCY_ENDPOINTS_JSON (tests, simulators). */
  agencies?: Record<string, AgencySettings>;
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
    if (privateRedis) {
      stops.push(["private redis", privateRedis.stop]);
      log.info({ redisUrl: privateRedis.url, dir: privateRedis.dir }, "private redis started");
    }

    const db: DataSource = await openDatabase({ url: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, onQuery: opts.onQuery });
    stops.push(["database", () => db.destroy()]);
    await ensureOrganizations(db);
    const pii = new PiiCrypto(loadPiiKeyRing(config));
    await sealLegacyPii(db, pii, log, config.NODE_ENV === "production");

    const calc = new DeadlineCalculator(config.clockPolicy, new WorkCalendar(config.UTC_OFFSET_MINUTES, config.calendarOverrides));
    const rules = config.REFERRAL_RULES_JSON ? parseRoutingRules(config.REFERRAL_RULES_JSON) : DEFAULT_ROUTING_RULES;
    const deps: HubDeps = { db, calc, log, pii, referrals: { rules, policy: DEFAULT_REFERRAL_POLICY }, projections: config.projections, audit: { alg: config.AUDIT_HASH }, dateBounds: dateBoundsFrom(config.DATE_INPUT_EARLIEST, config.UTC_OFFSET_MINUTES, config.DATE_INPUT_MAX_FUTURE_DAYS), earlyWarning: earlyWarningFrom(config), accidents: accidentsFrom(config), bottomLines: bottomLinesFrom(config), visitOnce: { dashboardDays: config.ONE_VISIT_DASHBOARD_DAYS }, cityVisit: cityVisitFrom(config) };
    const bureau = await db.getRepository(OrganizationEntity).findOneByOrFail({ kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY });
    // Issue 9 item 6: documents (object store, limits, letter font).
    deps.documents = documentsFrom(config);
    const documentStore = deps.documents.store;
    stops.push(["object store", async () => documentStore.close?.()]);
    // The city visit's letters are rendered as PDFs inside the registration's transaction (their hash is kept with the
    // letter). Without the font, letters are recorded without PDFs rather than registration refused (Art. 22).
    if (letterFontAvailable(deps.documents.font)) deps.letterDocuments = letterDocumentWriter(deps.documents);
    else log.warn({ font: deps.documents.font.file }, "letter font missing: city-visit letters are recorded without PDFs (install fonts-noto-cjk)");

    // The API's own Redis client (readiness, callback nonces, operator sessions): a stalled Redis fails its commands
    // after the producer timeout instead of holding requests; its connection errors go to the log, throttled.
    const health = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS });
    health.on("error", throttledErrorLog(log, { component: "api-redis" }, "redis client error"));
    await health.connect();
    stops.push(["health redis", async () => void health.disconnect()]);
    deps.citizen = {
      limiter: new AttemptLimiter(health, `${config.QUEUE_PREFIX}:citizen:`),
      perClient: { max: config.CITIZEN_LOOKUP_MAX_FAILURES_PER_CLIENT, windowSeconds: config.CITIZEN_LOOKUP_WINDOW_SECONDS },
      perPetition: { max: config.CITIZEN_LOOKUP_MAX_FAILURES_PER_PETITION, windowSeconds: config.CITIZEN_LOOKUP_WINDOW_SECONDS },
    };

    const stream = new ChangeStream(health, config.QUEUE_PREFIX, config.CHANGES_RETENTION_HOURS);
    deps.changes = stream;
    const queues = new QueueRegistry(redisUrl, config.QUEUE_PREFIX, log, config.REDIS_COMMAND_TIMEOUT_MS);
    stops.push(["queues", () => queues.closeAll()]);
    const agencies = opts.agencies ?? (config.AGENCY_ENDPOINTS_JSON ? parseAgencyEndpoints(config.AGENCY_ENDPOINTS_JSON) : {});
    const partnerKeys = opts.partnerKeys ?? loadPartnerKeys(config);
    const connectors = createConnectors(agencies, { hubKeys: partnerKeys });
    deps.ops = { queues, agencyCodes: [...connectors.keys()] };
    stops.push(["connectors", () => closeConnectors(connectors)]);

    // Demo data loads before the sweeps start, so none of them acts on a demo story half told (a letter supervised
    // before the seed records its answer); its outbox rows wait for the relay.
    const demo = config.DEMO_DATA === "yes" || (config.DEMO_DATA === "auto" && config.DATABASE_URL.startsWith("sqlite:"));
    if (demo) {
      const { petitions } = await loadDemoData(deps);
      if (petitions) log.info({ petitions }, "demo data loaded");
    }

    let relay: OutboxRelay | null = null;
    if (config.HUB_ROLE !== "api") {
      const workers: Worker[] = [startEventsWorker(redisUrl, config.QUEUE_PREFIX, log, opts.eventHandlers ?? {})];
      const rateLimits = new Map(Object.entries(agencies).map(([code, a]) => [code, a.rateLimitPerSecond]));
      workers.push(...startAgencyWorkers(deps, queues, redisUrl, connectors, rateLimits, systemPrincipal(bureau, "delivery"), { lockMs: config.DELIVERY_LOCK_MS, stalledCheckMs: config.DELIVERY_STALLED_CHECK_MS, retryScheduleMs: parseRetrySchedule(config.DELIVERY_RETRY_SCHEDULE_MS), concurrency: config.DELIVERY_CONCURRENCY }));
      // The reconciler re-derives deliveries and schedulers Redis lost (docs/decisions.md "Deliveries that cannot be lost").
      let guard: SchedulerGuard | null = null;
      const reconciler = new Reconciler(db, (name) => queues.get(name), log, { graceMs: config.RECONCILE_GRACE_MS, timeoutMs: config.REDIS_COMMAND_TIMEOUT_MS }, () => guard);
      const tasks = [...(await periodicTasks(deps, config, agencies, connectors, bureau)), { name: "reconcile-deliveries", everyMs: config.RECONCILE_INTERVAL_MS, run: () => reconciler.run() }];
      const maintenance = await startMaintenance(redisUrl, config.QUEUE_PREFIX, tasks, log, config.REDIS_COMMAND_TIMEOUT_MS);
      guard = maintenance.guard;
      // A process-local check as well: a FLUSHALL deletes the reconciler's own scheduler, which cannot bring itself back.
      maintenance.guard.start(config.RECONCILE_INTERVAL_MS);
      workers.push(maintenance.worker);
      stops.push(["maintenance queue", () => maintenance.queue.close()]);
      // Stopped before the queue it reads is closed (stops run in reverse).
      stops.push(["scheduler guard", async () => maintenance.guard.stop()]);
      stops.push(["workers", async () => void (await Promise.all(workers.map((w) => w.close())))]);
      relay = new OutboxRelay(db, (name) => queues.get(name), log, { intervalMs: config.RELAY_INTERVAL_MS, url: config.DATABASE_URL, enqueueTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS, maxAttempts: config.OUTBOX_MAX_ATTEMPTS, stream, hasConsumer: (type) => (opts.eventHandlers?.[type]?.length ?? 0) > 0, onBatch: opts.onRelayBatch });
      const r = relay;
      deps.afterCommit = () => r.nudge();
      // Commits in processes without a relay (HUB_ROLE=api) wake this one through Redis; its poll stays the fallback.
      const wakes = new RelayWakeListener(redisUrl, config.QUEUE_PREFIX, log, () => r.nudge());
      await wakes.start();
      stops.push(["relay wake listener", () => wakes.stop()]);
      relay.start();
      stops.push(["outbox relay", () => r.stop()]);
    } else {
      const wake = new RelayWakePublisher(health, config.QUEUE_PREFIX, log);
      deps.afterCommit = () => wake.wake();
    }

    let http: RunningHttp | null = null;
    let identity: Identity | null = null;
    let feed: ChangeFeed | null = null;
    if (config.HUB_ROLE !== "worker") {
      feed = new ChangeFeed(redisUrl, config.QUEUE_PREFIX, log);
      await feed.start();
      const f = feed;
      stops.push(["change feed", () => f.stop()]);
      identity = await createIdentity(config, db);
      deps.identity = { clients: identity.clients };
      const auth = identity.auth;
      const ready = readinessProbe({ database: () => db.query("SELECT 1"), redis: () => health.ping() }, config.READY_TIMEOUT_MS);
      http = await startHttp(await buildHubSchema(), deps, auth, { host: config.HOST, port: config.PORT, production: config.NODE_ENV === "production", ready, queues, agencies, partnerKeys, publicUrl: config.PUBLIC_URL, redis: health, jit: config.GRAPHQL_EXECUTOR === "jit", identity: { issuer: identity.issuer, keys: identity.keys, tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS, publicUrl: config.PUBLIC_URL, queuePrefix: config.QUEUE_PREFIX }, guard: requestGuardOptions(config), changes: { feed, bufferSize: config.SUBSCRIPTION_BUFFER, bufferBytes: config.SUBSCRIPTION_BUFFER_BYTES, perConnection: config.SUBSCRIPTIONS_PER_CONNECTION, recheckMs: config.SUBSCRIPTION_RECHECK_MS } });
      stops.push(["http", http.stop]);
    }
    return { deps, url: http?.url ?? null, redisUrl, queues, relay, connectors, identity, changes: { stream, feed }, subscriptionStats: () => http?.subscriptionStats() ?? null, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** The deadline/referral sweep, and a status poll for each agency that cannot call us. */
async function periodicTasks(deps: HubDeps, config: Config, agencies: Record<string, AgencySettings>, connectors: Map<string, AgencyConnector>, bureau: OrganizationEntity): Promise<PeriodicTask[]> {
  const sweeper = systemPrincipal(bureau, "deadline-sweep");
  const tasks: PeriodicTask[] = [
    { name: "deadline-sweep", everyMs: config.SWEEP_EVERY_MS, run: async () => ({ ...(await sweepDeadlines(deps, new Date())), ...(await sweepReferrals(deps, sweeper, new Date())), ...(await sweepLedger(deps, new Date())), ...(await sweepAlertAcks(deps, new Date())), ...(await sweepAccidentDuties(deps, new Date())), ...(await sweepUrgentReports(deps, new Date())), ...(await sweepCityVisitLetters(deps, new Date())), ...(await sweepDisputeCases(deps, new Date())), ...(await sweepCityControl(deps, new Date())) }) },
  ];
  for (const [code, a] of Object.entries(agencies)) {
    const connector = connectors.get(code);
    if (a.mode !== "poll" || !connector) continue;
    const org = await deps.db.getRepository(OrganizationEntity).findOneBy({ code });
    if (!org) continue;
    const poller = systemPrincipal(bureau, `poller:${code}`);
    tasks.push({ name: `agency-poll-${code}`, everyMs: config.POLL_EVERY_MS, run: () => pollAgency(deps, connector, org.id, poller, config.POLL_BATCH) });
  }
  return tasks;
}

/**
 * Personal data still in clear (rows from before encryption): production refuses to start until the operator has
 * run `npm run pii:encrypt-existing`; elsewhere the rows are encrypted now, in batches.
 */
async function sealLegacyPii(db: DataSource, pii: PiiCrypto, log: Logger, production: boolean): Promise<void> {
  const pending = await countPendingPii(db, pii, true);
  if (pending.petitioners + pending.raisedReferrals + pending.matters === 0) return;
  if (production) throw new ConfigError(`personal data in clear in the database (${JSON.stringify(pending)}): run npm run pii:encrypt-existing first`);
  log.warn(await rotatePii(db, pii, { legacyOnly: true }), "encrypted personal data left in clear by an older version");
}
