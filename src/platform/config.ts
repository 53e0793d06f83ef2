import { z } from "zod";
import { DEFAULT_CLOCK_POLICY, ClockPolicy } from "../domain/deadlines/clock-policy";
import { Category, PetitionState, Role } from "../domain/petition-terms";
import { DEFAULT_PROJECTIONS, parseProjections, ProjectionTable } from "../domain/access/projection";
import { RiskGrade } from "../domain/early-warning/ledger-terms";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    HUB_ROLE: z.enum(["all", "api", "worker"]).default("all"),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    /** Loopback unless set: the embedded default is not reachable from the network by accident. */
    HOST: z.string().min(1).default("127.0.0.1"),
    DATABASE_URL: z
      .string()
      .regex(/^(mysql|mariadb):\/\/|^sqlite:/, "must be mysql://user:pass@host:port/db or sqlite:<file>")
      .default("sqlite:.data/hub.sqlite"),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be redis://host:port/db").optional(),
    /** BullMQ key prefix; separate hubs (or test runs) on one Redis use different prefixes. */
    QUEUE_PREFIX: z.string().regex(/^[\w-]{1,40}$/, "letters, digits, - and _ only").default("hub"),
    /** The hub's signing keys: a JSON key-set file (see docs/security.md); generated under .data/keys/ when unset outside production. */
    JWT_KEYS_FILE: z.string().min(1).optional(),
    /** How long a retired signing key still verifies after `npm run keys:rotate` (hours). */
    JWT_KEY_OVERLAP_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
    JWT_ISSUER: z.string().min(1).default("petition-hub"),
    JWT_AUDIENCE: z.string().min(1).default("petition-hub"),
    /** Lifetime of tokens issued at /oauth/token (seconds, at most 900). */
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900, "at most 900 (15 minutes)").default(900),
    /** An external OpenID Connect provider whose access tokens the hub also accepts (all three, or none). */
    OIDC_ISSUER: z.string().min(1).optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    OIDC_JWKS_URL: z.string().url().optional(),
    /** Dot paths of the provider claims holding the organisation code and the roles. */
    OIDC_ORG_CLAIM: z.string().min(1).default("org"),
    OIDC_ROLES_CLAIM: z.string().min(1).default("roles"),
    /** JSON map of provider role names to hub roles, e.g. {"petition-case-officer":"CASE_OFFICER"}. */
    OIDC_ROLE_MAP_JSON: z.string().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DEMO_DATA: z.enum(["auto", "yes", "no"]).default("auto"),
    RELAY_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
    SWEEP_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
    /** Days (of 24 hours from filing) within which a risk-ledger entry must get its consultation (会商研判); the sweep flags it after. */
    LEDGER_CONSULTATION_DAYS: z.coerce.number().min(0.01).max(60).default(3),
    /** Comma-separated reporter roles a ledger entry may name as its source (the grid forces). */
    LEDGER_REPORTER_ROLES: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}(,[A-Z][A-Z0-9_]{0,39}){0,49}$/, "comma-separated UPPER_CASE role codes").default("GRID_WORKER,MEDIATOR,JUDGE,PROSECUTOR,POLICE_OFFICER,ELDER_VOLUNTEER,LAWYER"),
    /** The lowest consultation risk grade that raises an alert. */
    LEDGER_ALERT_GRADE: z.nativeEnum(RiskGrade).default(RiskGrade.HIGH),
    /** Hours an alert's owner has to acknowledge it. */
    ALERT_ACK_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(24),
    /** Hours from opening an accident case (意外伤亡) within which its working team (工作专班) must be formed. */
    ACCIDENT_TEAM_HOURS: z.coerce.number().min(0.1).max(72).default(2),
    /** Hours from opening within which the case's risk consultation (风险研判) must be held. */
    ACCIDENT_CONSULTATION_HOURS: z.coerce.number().min(0.1).max(72).default(6),
    /** Hours from opening within which the public-opinion watch (舆情监测) must be running. */
    ACCIDENT_OPINION_WATCH_HOURS: z.coerce.number().min(0.1).max(72).default(4),
    // Issue 9 item 4: the four bottom lines (四个不发生) and the urgent report chain (Art. 25).
    /** People from which a visit is a group petition: a line-1 pre-alert (domain.md §6: a group is ≥ 5). */
    BOTTOM_LINE_GROUP_MIN: z.coerce.number().int().min(2).max(100_000).default(5),
    /** People from which a group petition is large-scale: a breach of line 1 (domain.md §6: ≥ 50). */
    BOTTOM_LINE_LARGE_GROUP_MIN: z.coerce.number().int().min(2).max(100_000).default(50),
    /** Reach (views + reposts) from which a linked negative post breaches line 4. */
    BOTTOM_LINE_OPINION_BREACH_REACH: z.coerce.number().int().min(1).max(1_000_000_000).default(10_000),
    /** Reach from which a linked negative post raises a line-4 watch pre-alert; below it, nothing. */
    BOTTOM_LINE_OPINION_WATCH_REACH: z.coerce.number().int().min(1).max(1_000_000_000).default(1_000),
    /** Hours after the hub learns of a breach by which the city leadership must have the urgent report. */
    URGENT_REPORT_CITY_HOURS: z.coerce.number().min(0.1).max(24 * 7).default(1),
    /** Hours by which the provincial petition bureau must have it (Art. 25: the next-level petition department). */
    URGENT_REPORT_PROVINCE_HOURS: z.coerce.number().min(0.1).max(24 * 7).default(2),
    /** Hours by which 国家信访局 must have it (Art. 25: "at the same time" as the next level, hence the same default). */
    URGENT_REPORT_NATIONAL_HOURS: z.coerce.number().min(0.1).max(24 * 7).default(2),
    /** Hours the locality has to acknowledge a breach alert. */
    BOTTOM_LINE_ACK_HOURS: z.coerce.number().min(0.1).max(24 * 30).default(1),
    /** The owning leader per locality, as ORG_CODE=name pairs separated by commas (e.g. GRX_XFJ=副县长王某). */
    BOTTOM_LINE_LEADERS: z.string().regex(/^([A-Z][A-Z0-9_]{0,39}=[^,=]{1,100}(,[A-Z][A-Z0-9_]{0,39}=[^,=]{1,100}){0,99})?$/, "comma-separated ORG_CODE=name pairs").default(""),
    // Issue 9 item 6: documents and attachments (docs/decisions.md "Issue 9 — documents and attachments").
    /** Largest attachment accepted by POST /documents (bytes). */
    DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(200 * 1024 * 1024).default(10 * 1024 * 1024),
    /** Content types an attachment may be, decided by its bytes (magic numbers): comma-separated. */
    DOCUMENT_ALLOWED_TYPES: z.string().regex(/^(application\/pdf|image\/(jpeg|png|gif|webp))(,(application\/pdf|image\/(jpeg|png|gif|webp)))*$/, "comma-separated among application/pdf, image/jpeg, image/png, image/gif, image/webp").default("application/pdf,image/jpeg,image/png"),
    /** Directory of the embedded file-system object store (content-addressed by SHA-256), used unless OBJECT_STORE_URL is set. */
    OBJECT_STORE_DIR: z.string().min(1).default(".data/objects"),
    /** An S3-compatible store (MinIO): `http(s)://host:port/bucket`; with OBJECT_STORE_ACCESS_KEY / OBJECT_STORE_SECRET_KEY. */
    OBJECT_STORE_URL: z.string().url().optional(),
    OBJECT_STORE_ACCESS_KEY: z.string().optional(),
    OBJECT_STORE_SECRET_KEY: z.string().optional(),
    OBJECT_STORE_REGION: z.string().min(1).default("us-east-1"),
    /** The CJK font letters are rendered with (a subset is embedded in each PDF); Debian's fonts-noto-cjk by default. */
    LETTER_FONT_FILE: z.string().min(1).default("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    /** The face inside LETTER_FONT_FILE when it is a collection (.ttc). */
    LETTER_FONT_NAME: z.string().min(1).default("NotoSerifCJKsc-Regular"),
    /** Days back from now over which the command screen shows the one-visit rate (最多访一次; first items received in them). */
    ONE_VISIT_DASHBOARD_DAYS: z.coerce.number().int().min(1).max(366).default(90),
    /** City-visit fast track (来市上访顶格办理): letter number prefix (东信 → 东信预〔2026〕7号) and the issuer on letters. */
    CITY_VISIT_LETTER_PREFIX: z.string().min(1).max(20).default("东信"),
    CITY_VISIT_ISSUER: z.string().min(1).max(100).default("东营市信访局"),
    /** Days (of 24 hours from issue) the locality has to respond to each letter: 预警提醒函, 化解工作立项函, 稳控责任交办函. */
    CITY_VISIT_REMINDER_RESPONSE_DAYS: z.coerce.number().min(0.01).max(90).default(3),
    CITY_VISIT_PROJECT_RESPONSE_DAYS: z.coerce.number().min(0.01).max(90).default(7),
    CITY_VISIT_ASSIGNMENT_RESPONSE_DAYS: z.coerce.number().min(0.01).max(90).default(5),
    /** Days (of 24 hours from registration) of the resolution deadline the city bureau sets by default. */
    CITY_VISIT_RESOLUTION_DAYS: z.coerce.number().min(1).max(365).default(60),
    /** Days (of 24 hours from listing) to a 市控 entry's review date. */
    CITY_VISIT_REVIEW_DAYS: z.coerce.number().min(1).max(365).default(30),
    /** JSON file replacing parts of the letter templates: {"RESOLUTION_PROJECT": {"paragraphs": ["…{petitionNumber}…"]}}. */
    CITY_VISIT_LETTER_TEMPLATES_FILE: z.string().min(1).optional(),
    /** How often the reconciler re-derives work Redis lost (deliveries, job schedulers); docs/decisions.md "Deliveries that cannot be lost". */
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).default(30_000),
    /** How long after its outbox row was sent a delivery may be missing from Redis before it counts as lost. */
    RECONCILE_GRACE_MS: z.coerce.number().int().min(0).default(60_000),
    /** How long the change stream keeps events (subscription replay, the changes query); older cursors get CURSOR_EXPIRED. */
    CHANGES_RETENTION_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(72),
    /** Events a slow subscriber may fall behind before its subscription ends with RESYNC_REQUIRED. */
    SUBSCRIPTION_BUFFER: z.coerce.number().int().min(1).max(100_000).default(1000),
    /** Bytes a connection's socket may hold unread (what the client has not read yet) before it is closed with 4410. */
    SUBSCRIPTION_BUFFER_BYTES: z.coerce.number().int().min(16_384).max(256 * 2 ** 20).default(2 ** 20),
    /** How often a subscription re-checks its token (machine-client revocation); expiry is timed exactly. */
    SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(1_000).default(50),
    SUBSCRIPTION_RECHECK_MS: z.coerce.number().int().min(100).max(60_000).default(30_000),
    /** Failed relay attempts after which an outbox row that cannot be parsed or routed is dead-lettered. */
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
    /** Longest wait for Redis when a producer enqueues (the relay releases its rows and retries past it). */
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** What partner agencies and special units see of a petition, per organisation kind (domain/access/projection.ts). */
    PARTNER_PROJECTION_JSON: z.string().optional(),
    /** JSON overriding parts of the clock policy, e.g. {"maxExtensionDays":30,"rules":{"HANDLING":{"days":60}}}. */
    CLOCK_POLICY_JSON: z.string().optional(),
    /** JSON map of local dates to WORKDAY/HOLIDAY overriding the official calendar. */
    CALENDAR_OVERRIDES_JSON: z.string().optional(),
    UTC_OFFSET_MINUTES: z.coerce.number().int().default(480),
    /** No date given to the hub may be earlier than this local date (src/domain/date-bounds.ts). */
    DATE_INPUT_EARLIEST: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "must be a real date")
      .default("1949-10-01"),
    /** How far ahead a due date (an assignment's resultDueAt) may be set, in days. */
    DATE_INPUT_MAX_FUTURE_DAYS: z.coerce.number().int().min(1).max(36_500).default(3650),
    /** GraphQL limits (src/http/graphql-limits.ts): deepest field nesting of an operation without `__schema`. */
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
    /** Deepest nesting of an operation that selects `__schema` (the standard introspection query needs 15). */
    MAX_INTROSPECTION_DEPTH: z.coerce.number().int().min(2).max(50).default(15),
    /** Aliased fields per operation (`__typename` aliases not counted). */
    MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
    /** Estimated cost per operation: every field 1, times `first:` (default 20) or 5 for other lists; 10,000 admits one
     *  100-row page with petitioners and deadlines (≈ 5,100). */
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(10_000),
    /** Lexical tokens per document (comments excluded). */
    MAX_TOKENS: z.coerce.number().int().min(10).default(2000),
    /** Directives per operation. */
    MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(10),
    /** Who may introspect and see "Did you mean" suggestions: `auto` = operators only in production, everyone otherwise. */
    GRAPHQL_INTROSPECTION: z.enum(["auto", "operators", "open"]).default("auto"),
    /** Trusted documents: `enforce` lets a client listed in TRUSTED_DOCUMENTS_FILE run only its registered documents. */
    TRUSTED_DOCUMENTS: z.enum(["off", "enforce"]).default("off"),
    /** JSON manifest {"<org code>": {"<sha256 hex>": "<query>"}} or a directory of <org code>.json files. */
    TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
    /** Whether city-bureau operators may run any document even when their organisation is listed. */
    TRUSTED_DOCUMENTS_EXEMPT_OPERATORS: z.enum(["yes", "no"]).default("yes"),
    /** GraphQL executor for queries: graphql-jit (compiled) or the reference graphql-js. */
    GRAPHQL_EXECUTOR: z.enum(["jit", "graphql-js"]).default("jit"),
    /** Partner endpoints and credentials, keyed by organisation code (see src/connectors/config.ts). */
    AGENCY_ENDPOINTS_JSON: z.string().optional(),
    /** Routing rules replacing the defaults (see src/domain/referrals/routing-rules.ts). */
    REFERRAL_RULES_JSON: z.string().optional(),
    POLL_EVERY_MS: z.coerce.number().int().min(200).default(30_000),
    /** Open referrals one status poll of an agency reads, least recently polled first (a slow agency is walked in turns). */
    POLL_BATCH: z.coerce.number().int().min(1).max(5000).default(200),
    /** Bound of each `/readyz` dependency check: past it the dependency counts as not ready (503), never a hang. */
    READY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(1_500),
    /** How long a delivery worker holds a job's lock, and how often stalled jobs (dead worker) are reclaimed. */
    DELIVERY_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
    DELIVERY_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(30_000),
    /**
     * Delivery jobs one worker process runs at once per agency (each waits on the partner's answer); their
     * database reads and writes are grouped (src/queues/delivery-groups.ts), so more at once means fewer statements each.
     */
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
    /** Waits between delivery retries, ms, comma-separated; default the contract's ≈ 94 h schedule (src/queues/retry-schedule.ts). */
    DELIVERY_RETRY_SCHEDULE_MS: z.string().regex(/^\d{1,10}(,\d{1,10}){0,49}$/, "comma-separated milliseconds, at most 50").optional(),
    /** Public URL of this hub's GraphQL endpoint, for simulators' callbacks. */
    PUBLIC_URL: z.string().url().optional(),
    /** The hub's Ed25519 keys for signing deliveries to partners (private JWKS, first key signs; docs/partners.md). */
    PARTNER_KEYS_JSON: z.string().optional(),
    /** File with the same; the embedded default generates .data/keys/partner-signing.json on first start (not in production). */
    PARTNER_KEYS_FILE: z.string().min(1).optional(),
    /** Hash of the audit chain: sha256, or sm3 where the national algorithms are required (GB/T 39786). */
    AUDIT_HASH: z.enum(["sha256", "sm3"]).default("sha256"),
    /** Citizen lookups by query code: wrong codes allowed per client address and per petition in one window (docs/decisions.md "Issue 9 — a citizen's view"). */
    CITIZEN_LOOKUP_MAX_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).max(10_000).default(10),
    CITIZEN_LOOKUP_MAX_FAILURES_PER_PETITION: z.coerce.number().int().min(1).max(10_000).default(5),
    CITIZEN_LOOKUP_WINDOW_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3600),
    /** Cipher for personal data at rest: AES-256-GCM, or SM4-CTR + HMAC-SM3 where the national algorithms are required. */
    PII_CIPHER: z.enum(["aes-256-gcm", "sm4"]).default("aes-256-gcm"),
    /** Key ring for personal data as JSON (see docs/security.md); takes precedence over PII_KEYS_FILE. */
    PII_KEYS_JSON: z.string().optional(),
    /** Key-ring file; the embedded default generates .data/keys/pii.json on first start (not in production). */
    PII_KEYS_FILE: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.TRUSTED_DOCUMENTS === "enforce" && !c.TRUSTED_DOCUMENTS_FILE)
      ctx.addIssue({ code: "custom", path: ["TRUSTED_DOCUMENTS_FILE"], message: "required when TRUSTED_DOCUMENTS=enforce" });
    if (c.NODE_ENV === "production" && c.HUB_ROLE !== "worker" && !c.JWT_KEYS_FILE)
      ctx.addIssue({ code: "custom", path: ["JWT_KEYS_FILE"], message: "signing keys must be configured in production (create them with npm run keys:rotate -- --file <path>)" });
    const oidc = [c.OIDC_ISSUER, c.OIDC_AUDIENCE, c.OIDC_JWKS_URL].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "set OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL together" });
    if (c.OIDC_ISSUER && c.OIDC_ISSUER === c.JWT_ISSUER) ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "must differ from JWT_ISSUER" });
    if (c.OIDC_ROLE_MAP_JSON !== undefined) {
      let map: unknown;
      try {
        map = JSON.parse(c.OIDC_ROLE_MAP_JSON);
      } catch {
        map = null;
      }
      const roles = Object.values(Role) as string[];
      if (!map || typeof map !== "object" || Array.isArray(map) || !Object.values(map).every((v) => typeof v === "string" && roles.includes(v) && v !== Role.GATEWAY))
        ctx.addIssue({ code: "custom", path: ["OIDC_ROLE_MAP_JSON"], message: `expected {"<provider role>": "<${roles.filter((r) => r !== Role.GATEWAY).join("|")}>"}` });
    }
    if (c.NODE_ENV === "production" && c.AGENCY_ENDPOINTS_JSON && !c.PARTNER_KEYS_JSON && !c.PARTNER_KEYS_FILE)
      ctx.addIssue({ code: "custom", path: ["PARTNER_KEYS_JSON"], message: "partner signing keys must be configured in production (PARTNER_KEYS_JSON or PARTNER_KEYS_FILE)" });
    if (c.NODE_ENV === "production" && !c.PII_KEYS_JSON && !c.PII_KEYS_FILE)
      ctx.addIssue({ code: "custom", path: ["PII_KEYS_JSON"], message: "personal-data keys must be configured in production (PII_KEYS_JSON or PII_KEYS_FILE)" });
    if (c.BOTTOM_LINE_GROUP_MIN >= c.BOTTOM_LINE_LARGE_GROUP_MIN) ctx.addIssue({ code: "custom", path: ["BOTTOM_LINE_GROUP_MIN"], message: "must be below BOTTOM_LINE_LARGE_GROUP_MIN" });
    if (c.BOTTOM_LINE_OPINION_WATCH_REACH > c.BOTTOM_LINE_OPINION_BREACH_REACH) ctx.addIssue({ code: "custom", path: ["BOTTOM_LINE_OPINION_WATCH_REACH"], message: "must not exceed BOTTOM_LINE_OPINION_BREACH_REACH" });
  });

export type Config = z.infer<typeof schema> & { clockPolicy: ClockPolicy; calendarOverrides: Record<string, "WORKDAY" | "HOLIDAY">; projections: ProjectionTable };

/** Thrown with one line per wrong setting, so an operator sees every mistake at once. */
export class ConfigError extends Error {}

const overridesSchema = z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.enum(["WORKDAY", "HOLIDAY"]));
const ruleSchema = z.object({
  nature: z.enum(["DUTY", "WINDOW"]),
  counting: z.enum(["CALENDAR", "WORKING", "FIXED"]),
  days: z.number().int().min(0).max(365),
  basis: z.string(),
  /** States in which the law suspends the clock (PAUSED there), e.g. ["HEARING"] for REREVIEW_OPINION (Art. 36). */
  suspendedIn: z.array(z.nativeEnum(PetitionState)).optional(),
});

function parseJson(name: string, text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${name}: not valid JSON`);
  }
}

function mergePolicy(raw: unknown): ClockPolicy {
  if (raw === undefined) return DEFAULT_CLOCK_POLICY;
  const o = raw as Partial<ClockPolicy> & { rules?: Record<string, Partial<z.infer<typeof ruleSchema>>> };
  const rules = { ...DEFAULT_CLOCK_POLICY.rules };
  for (const [k, v] of Object.entries(o.rules ?? {})) {
    if (!(k in rules)) throw new ConfigError(`CLOCK_POLICY_JSON.rules.${k}: unknown clock`);
    const merged = ruleSchema.safeParse({ ...rules[k as keyof typeof rules], ...v });
    if (!merged.success) throw new ConfigError(`CLOCK_POLICY_JSON.rules.${k}: ${merged.error.issues.map((i) => i.message).join("; ")}`);
    rules[k as keyof typeof rules] = merged.data;
  }
  const settings = policySettings.safeParse(o);
  if (!settings.success) throw new ConfigError(`CLOCK_POLICY_JSON: ${settings.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return { ...DEFAULT_CLOCK_POLICY, ...o, rules } as ClockPolicy;
}

/** The policy's settings beside the rules (checked so a typo stops start-up instead of failing a transition). */
const policySettings = z.object({
  maxExtensionDays: z.number().int().min(0).max(365).optional(),
  handlingClockCategories: z.array(z.nativeEnum(Category)).optional(),
  yellowWarningWorkdays: z.number().int().min(0).max(30).optional(),
  reviewWindowCategories: z.array(z.nativeEnum(Category)).optional(),
  mediationEndsMatter: z.boolean().optional(),
});

function projectionsFrom(json: string | undefined): ProjectionTable {
  if (!json) return DEFAULT_PROJECTIONS;
  try {
    return parseProjections(json);
  } catch (e) {
    throw new ConfigError(`PARTNER_PROJECTION_JSON: ${(e as Error).message}`);
  }
}

/** Reads and validates configuration; throws ConfigError listing every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    // Never echo the rejected value: it may be a secret, a password inside a URL, or key material.
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const overrides = overridesSchema.safeParse(parseJson("CALENDAR_OVERRIDES_JSON", parsed.data.CALENDAR_OVERRIDES_JSON) ?? {});
  if (!overrides.success) throw new ConfigError("CALENDAR_OVERRIDES_JSON: expected {\"YYYY-MM-DD\": \"WORKDAY\"|\"HOLIDAY\"}");
  return {
    ...parsed.data,
    clockPolicy: mergePolicy(parseJson("CLOCK_POLICY_JSON", parsed.data.CLOCK_POLICY_JSON)),
    calendarOverrides: overrides.data,
    projections: projectionsFrom(parsed.data.PARTNER_PROJECTION_JSON),
  };
}
