import { randomBytes } from "node:crypto";
import { TEST_PARTNER_KEYS_JSON } from "./partner-keys";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createConnection } from "mysql2/promise";
import { startHub, Hub } from "../../src/hub";
import { Role } from "../../src/domain/petition-terms";
import { loadConfig } from "../../src/platform/config";
import { createLogger, Logger } from "../../src/platform/logger";
import { openHubKeys } from "../../src/platform/identity";
import { TokenClaims, TokenIssuer } from "../../src/platform/tokens";
import { OrganizationEntity } from "../../src/db/entities";
import type { AgencyEndpoints } from "../../src/connectors/config";

/**
 * The signing-key file the test hubs of this jest worker share (generated on first use, like the embedded
 * default), so hubs on one database accept each other's tokens as replicas would. Tests that rotate keys pass
 * their own JWT_KEYS_FILE.
 */
export const TEST_KEYS_FILE = join(tmpdir(), `hub-test-keys-${process.pid}`, "jwks.json");

/** An issuer over TEST_KEYS_FILE (or `file`), for tests that sign outside a TestHub (child processes, expired tokens). */
export async function testIssuer(file = TEST_KEYS_FILE): Promise<TokenIssuer> {
  const keys = await openHubKeys({ NODE_ENV: "test", JWT_KEYS_FILE: file, JWT_KEY_OVERLAP_HOURS: 24 });
  return new TokenIssuer(keys, { issuer: "petition-hub", audience: "petition-hub" });
}

function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests with npm test (global setup starts MariaDB and Redis)`);
  return v;
}

/** Which database the integration suites run on: MariaDB (default) or the embedded SQLite (`TEST_DB_KIND=sqlite`). */
export const TEST_DB_KIND: "mariadb" | "sqlite" = process.env.TEST_DB_KIND === "sqlite" ? "sqlite" : "mariadb";

/**
 * Creates a fresh, empty database for one test file, so files can run in parallel: a new MariaDB schema, or a new
 * SQLite file in a temporary directory when `TEST_DB_KIND=sqlite` (or `kind` says so).
 */
export async function freshDatabaseUrl(kind: "mariadb" | "sqlite" = TEST_DB_KIND): Promise<{ url: string; drop: () => Promise<void> }> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "hub-test-"));
    return { url: `sqlite:${join(dir, "hub.sqlite")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = new URL(requireEnv("TEST_DATABASE_URL"));
  const name = `hub_test_${randomBytes(5).toString("hex")}`;
  const conn = await createConnection({ host: base.hostname, port: Number(base.port), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = await createConnection({ host: base.hostname, port: Number(base.port), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestHub {
  hub: Hub;
  url: string;
  databaseUrl: string;
  queuePrefix: string;
  org(code: string): Promise<OrganizationEntity>;
  token(orgCode: string, roles: Role[], sub?: string): Promise<string>;
  /** Signs arbitrary claims with the hub's own current key (e.g. `ttlSeconds: -10` for an expired token). */
  sign(claims: TokenClaims, opts?: { audience?: string; ttlSeconds?: number }): Promise<string>;
  /** `http://127.0.0.1:<port>` (the GraphQL URL without /graphql). */
  baseUrl: string;
  gql<T = Record<string, unknown>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  stop(opts?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * Starts a real hub (HTTP + worker by default) on a fresh MariaDB database and the test Redis, with a unique
 * queue prefix, and gives a real HTTP GraphQL client.
 */
export async function startTestHub(env: Record<string, string> = {}, existingDb?: { url: string; drop: () => Promise<void> }, opts: { agencies?: AgencyEndpoints; log?: Logger; onQuery?: (sql: string) => void } = {}): Promise<TestHub> {
  const db = existingDb ?? (await freshDatabaseUrl());
  const queuePrefix = env.QUEUE_PREFIX ?? `t${randomBytes(4).toString("hex")}`;
  const config = loadConfig({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_URL: db.url,
    REDIS_URL: requireEnv("TEST_REDIS_URL"),
    QUEUE_PREFIX: queuePrefix,
    JWT_KEYS_FILE: TEST_KEYS_FILE,
    PII_KEYS_FILE: join(dirname(TEST_KEYS_FILE), "pii.json"),
    // Documents go to this jest worker's temporary directory, never the repository's .data/objects.
    OBJECT_STORE_DIR: join(dirname(TEST_KEYS_FILE), "objects"),
    DEMO_DATA: "no",
    LOG_LEVEL: "silent",
    RELAY_INTERVAL_MS: "50",
    // The contract's real schedule starts at 1 min; tests retry on a compressed one (docs/partners.md §Retries).
    DELIVERY_RETRY_SCHEDULE_MS: "300,600,1200,2400,4800",
    PARTNER_KEYS_JSON: TEST_PARTNER_KEYS_JSON,
    ...env,
  });
  const hub = await startHub(config, { log: opts.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? "silent"), agencies: opts.agencies, onQuery: opts.onQuery });
  const url = hub.url ?? "";
  const sign = async (claims: TokenClaims, o?: { audience?: string; ttlSeconds?: number }) => {
    if (!hub.identity) throw new Error("a worker-only hub signs no tokens");
    return (await hub.identity.issuer.sign(claims, { ttlSeconds: 8 * 3600, ...o })).token;
  };
  return {
    hub,
    url,
    databaseUrl: db.url,
    queuePrefix,
    async org(code) {
      return hub.deps.db.getRepository(OrganizationEntity).findOneByOrFail({ code });
    },
    baseUrl: url.replace(/\/graphql$/, ""),
    sign,
    token: (orgCode, roles, sub) => sign({ sub: sub ?? `test:${orgCode}`, org: orgCode, roles }),
    async gql(token, query, variables) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status } as never;
    },
    async stop(opts) {
      await hub.stop();
      if (!opts?.keepDatabase) await db.drop();
    },
  };
}
