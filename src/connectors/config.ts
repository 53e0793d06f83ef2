/**
 * Per-agency endpoint settings, keyed by organisation code, from one JSON string (env AGENCY_ENDPOINTS_JSON):
 *
 *   {"DY_CL":  {"protocol":"REST_HMAC","baseUrl":"https://cl.example/api","keyId":"hub-1","secret":"…","mode":"callback"},
 *    "DY_TYJR":{"protocol":"GRAPHQL","baseUrl":"https://tyjr.example","token":"…","mode":"poll","rateLimitPerSecond":5}}
 */
import { z } from "zod";

const circuitSchema = z
  .object({
    errorThresholdPercentage: z.number().min(1).max(100),
    volumeThreshold: z.number().int().min(1),
    windowMs: z.number().int().min(100),
    resetTimeoutMs: z.number().int().min(10),
  })
  .partial()
  .strict();

const endpointSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
    protocol: z.enum(["REST_HMAC", "GRAPHQL"]),
    /** REST_HMAC: which of the partner's keys the hub signs with. */
    keyId: z.string().min(1).optional(),
    /** REST_HMAC: the shared HMAC secret. */
    secret: z.string().min(16, "must be at least 16 characters").optional(),
    /** GRAPHQL: the bearer token the partner issued to the hub. */
    token: z.string().min(1).optional(),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(50).max(120_000).default(5000),
    /** callback: the agency calls the hub's GraphQL; poll: it cannot, so the hub polls its status endpoint. */
    mode: z.enum(["callback", "poll"]),
    /** Deliveries per second the partner accepts; the agency's queue limiter uses it. */
    rateLimitPerSecond: z.number().positive().optional(),
    /** Circuit-breaker tuning; see circuit-breaker.ts for defaults. */
    circuit: circuitSchema.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const need = (field: "keyId" | "secret" | "token") => {
      if (!e[field]) ctx.addIssue({ code: "custom", path: [field], message: `required for ${e.protocol}` });
    };
    if (e.protocol === "REST_HMAC") (["keyId", "secret"] as const).forEach(need);
    else need("token");
  });

// Keys are checked here rather than by a key schema, whose failure zod reports only as "Invalid key in record".
const endpointsSchema = z.record(z.string(), endpointSchema).superRefine((all, ctx) => {
  for (const code of Object.keys(all))
    if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(code)) ctx.addIssue({ code: "custom", path: [code], message: "not an organisation code (agency codes are like DY_CL)" });
});

/** One agency's settings after validation (defaults applied). */
export type AgencySettings = z.infer<typeof endpointSchema>;
/** Same as {@link AgencySettings}: one agency's endpoint and credentials. */
export type AgencyEndpoint = AgencySettings;
/** All agencies' settings, keyed by organisation code. */
export type AgencyEndpoints = Record<string, AgencySettings>;

/**
 * Parses and validates the settings.
 * @throws Error naming every wrong field on its own line (secrets and tokens are never echoed).
 */
export function parseAgencyEndpoints(json: string): AgencyEndpoints {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("AGENCY_ENDPOINTS_JSON: not valid JSON");
  }
  const parsed = endpointsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  AGENCY_ENDPOINTS_JSON.${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    throw new Error(`invalid agency endpoints:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
