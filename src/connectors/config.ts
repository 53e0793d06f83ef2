/**
 * Per-agency endpoint settings, keyed by organisation code, from one JSON string (env AGENCY_ENDPOINTS_JSON):
 *
 *   {"DY_CL":  {"protocol":"REST_HMAC","baseUrl":"https://cl.example/api","callbackKeys":{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"cl-2026","x":"…"}]}},
 *    "JMC":    {"protocol":"REST_HMAC","baseUrl":"https://jmc.example/api","signature":"hmac-sha256","keyId":"hub-1","secret":"…"},
 *    "DY_TYJR":{"protocol":"GRAPHQL","baseUrl":"https://tyjr.example","token":"…","mode":"poll","rateLimitPerSecond":5}}
 *
 * Signatures (docs/partners.md): by default the hub signs with its own Ed25519 key and verifies a partner's
 * callbacks with the partner's `callbackKeys` (a JWKS; several keys during a rotation). `signature: "hmac-sha256"`
 * is for a partner that cannot do better: one shared `secret` under `keyId`, both ways.
 */
import { z } from "zod";
import { ed25519Jwks } from "./http-signatures/keys";
import { PARTNER_MAPPINGS } from "./partners";

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
    /** ed25519 (default): the hub's key signs, the partner's callbackKeys verify; hmac-sha256 only where a partner cannot do better. */
    signature: z.enum(["ed25519", "hmac-sha256"]).default("ed25519"),
    /** hmac-sha256: the key id both sides put in `keyid`. */
    keyId: z.string().min(1).max(200).optional(),
    /** hmac-sha256: the shared secret. */
    secret: z.string().min(32, "must be at least 32 characters").optional(),
    /** ed25519: the partner's public keys for its signed callbacks to POST /agency-callback (JWKS, kid-selected). */
    callbackKeys: ed25519Jwks.optional(),
    /** GRAPHQL: the bearer token the partner issued to the hub. */
    token: z.string().min(1).optional(),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(50).max(120_000).default(5000),
    /** callback: the agency calls the hub back; poll: it cannot, so the hub polls its status. Default: its mapping's. */
    mode: z.enum(["callback", "poll"]).optional(),
    /** Deliveries per second the partner accepts; the agency's queue limiter uses it. */
    rateLimitPerSecond: z.number().positive().optional(),
    /** Circuit-breaker tuning; see circuit-breaker.ts for defaults. */
    circuit: circuitSchema.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const need = (field: "keyId" | "secret" | "token", why: string) => {
      if (!e[field]) ctx.addIssue({ code: "custom", path: [field], message: `required for ${why}` });
    };
    if (e.signature === "hmac-sha256") (["keyId", "secret"] as const).forEach((f) => need(f, "hmac-sha256"));
    else if (e.secret) ctx.addIssue({ code: "custom", path: ["secret"], message: "only for signature hmac-sha256" });
    if (e.protocol === "GRAPHQL") need("token", "GRAPHQL");
  });

// Keys are checked here rather than by a key schema, whose failure zod reports only as "Invalid key in record".
const endpointsSchema = z.record(z.string(), endpointSchema).superRefine((all, ctx) => {
  const kids = new Map<string, string>();
  for (const [code, e] of Object.entries(all)) {
    if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(code)) ctx.addIssue({ code: "custom", path: [code], message: "not an organisation code (agency codes are like DY_CL)" });
    // A keyid selects the partner a callback acts as, so one keyid must never name two partners.
    const ids = [...(e.callbackKeys?.keys.map((k) => k.kid) ?? []), ...(e.signature === "hmac-sha256" && e.keyId ? [e.keyId] : [])];
    for (const kid of ids) {
      const other = kids.get(kid);
      if (other && other !== code) ctx.addIssue({ code: "custom", path: [code, "callbackKeys"], message: `key id already used by ${other}` });
      kids.set(kid, code);
    }
  }
});

/** One agency's settings after validation (defaults applied). */
export type AgencySettings = Omit<z.infer<typeof endpointSchema>, "mode"> & { mode: "callback" | "poll" };
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
  return Object.fromEntries(
    Object.entries(parsed.data).map(([code, e]) => [code, { ...e, mode: e.mode ?? (PARTNER_MAPPINGS[code]?.delivery === "poll" ? "poll" : "callback") }]),
  );
}
