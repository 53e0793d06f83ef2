import { createHash } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import type Redis from "ioredis";
import { HubDeps } from "../commands/command-context";
import { transitionReferralCommand } from "../commands/transition-referral";
import { AgencyEndpoints } from "../connectors/config";
import { CallbackMessageV1, callbackMessageV1 } from "../connectors/contract/referral-messages";
import { checkContentDigest } from "../connectors/http-signatures/content-digest";
import { verifyingKeyFromJwk } from "../connectors/http-signatures/keys";
import { VerifyingKey, verifyRequest } from "../connectors/http-signatures/message-signatures";
import { DomainError } from "../domain/errors";
import { Principal } from "../domain/access/principal";
import { Role } from "../domain/petition-terms";
import { ReferralEvent } from "../domain/referrals/referral-lifecycle";
import { OrganizationEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { actorFacts, auditedOperation, DEFAULT_AUDIT } from "../commands/audit-scope";

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, FORBIDDEN: 403, INVALID_TRANSITION: 409, DEADLINE_PASSED: 409 };

/** How far `created` may be from the hub's clock, and so how long a seen signature is remembered (twice this). */
export const CALLBACK_MAX_SKEW_SECONDS = 300;
/** How long an event id is remembered for idempotent repeats. */
export const EVENT_ID_TTL_SECONDS = 30 * 24 * 3600;

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: string, message: string) {
  reply(res, status, { error: { code, message } });
}

/** The key id → (agency, key) table from the agencies' configured callback keys (JWKS) or HMAC secrets. */
export function callbackKeyTable(agencies: AgencyEndpoints): Map<string, { code: string; key: VerifyingKey }> {
  const table = new Map<string, { code: string; key: VerifyingKey }>();
  for (const [code, a] of Object.entries(agencies)) {
    if (a.signature === "hmac-sha256" && a.keyId && a.secret) table.set(a.keyId, { code, key: { kid: a.keyId, alg: "hmac-sha256", secret: Buffer.from(a.secret, "utf8") } });
    for (const jwk of a.callbackKeys?.keys ?? []) table.set(jwk.kid, { code, key: verifyingKeyFromJwk(jwk) });
  }
  return table;
}

function eventOf(m: CallbackMessageV1): ReferralEvent {
  if (m.type === "responded")
    return { type: "RESPOND", response: { opinion: m.response.opinion, actionsTaken: m.response.actionsTaken ?? null, attachments: m.response.attachments } } as ReferralEvent;
  if (m.type === "returned") return { type: "RETURN", reason: m.reason };
  return { type: "ACKNOWLEDGE" };
}

/**
 * POST /agency-callback: the signed way back for partner systems (docs/partners.md). The request must carry an
 * RFC 9421 signature by one of the partner's configured keys over `@method`, `@target-uri` and `content-digest`
 * (with `created` and `keyid`), created within ±300 s, not seen before, and a Content-Digest (sha-256) matching the
 * body; the body is a `referral.callback.v1` message. It then runs the same command as the GraphQL callbacks,
 * acting as that agency. A repeated `eventId` gets the first answer again (`duplicate: true`).
 *
 * @param publicUrl the hub's public URL (PUBLIC_URL); its origin rebuilds `@target-uri` behind a proxy.
 */
export function createAgencyCallbackHandler(deps: HubDeps, agencies: AgencyEndpoints, redis: Redis, prefix: string, publicUrl?: string) {
  const keys = callbackKeyTable(agencies);
  const origin = publicUrl ? new URL(publicUrl).origin : null;
  return async (req: IncomingMessage, res: ServerResponse, body: Buffer, requestId: string) => {
    const targetUri = `${origin ?? `http://${req.headers.host ?? "localhost"}`}${req.url ?? "/"}`;
    const verdict = await verifyRequest(
      { method: req.method ?? "POST", targetUri, headers: req.headers },
      { keyFor: (kid) => keys.get(kid)?.key, now: new Date(), maxSkewSeconds: CALLBACK_MAX_SKEW_SECONDS },
    );
    if (!verdict.ok) return refuse(res, 401, verdict.code, verdict.detail);
    const digest = checkContentDigest(typeof req.headers["content-digest"] === "string" ? req.headers["content-digest"] : undefined, body);
    if (!digest.ok) return refuse(res, 401, `CONTENT_DIGEST_${digest.why}`, "Content-Digest (sha-256) must match the body");
    // Remembered only once the signature is valid, so forged requests cannot fill the store.
    const fresh = await redis.set(`${prefix}:sig-seen:${verdict.keyid}:${verdict.signature.toString("base64")}`, "1", "EX", 2 * CALLBACK_MAX_SKEW_SECONDS, "NX");
    if (fresh === null) return refuse(res, 401, "SIGNATURE_REPLAYED", "this signature was already used");

    const agency = keys.get(verdict.keyid)!.code;
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      return refuse(res, 400, "BAD_USER_INPUT", "body is not JSON");
    }
    const parsed = callbackMessageV1.safeParse(json);
    if (!parsed.success)
      return refuse(res, 400, "BAD_USER_INPUT", `not a referral.callback.v1 message: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    const m = parsed.data;
    const eventKey = `${prefix}:cb-event:${agency}:${m.eventId}`;
    const bodyHash = createHash("sha256").update(body).digest("hex");
    const earlier = await redis.get(eventKey);
    if (earlier) {
      const e = JSON.parse(earlier) as { bodyHash: string; receipt: Record<string, unknown> };
      if (e.bodyHash !== bodyHash) return refuse(res, 409, "EVENT_ID_REUSED", "this eventId was already used for a different message");
      return reply(res, 200, { ...e.receipt, duplicate: true });
    }
    try {
      const org = await deps.db.getRepository(OrganizationEntity).findOneByOrFail({ code: agency });
      const principal: Principal = { subject: `agency:${agency}`, orgId: org.id, orgCode: org.code, orgKind: org.kind, orgLevel: org.level, orgPath: await orgPath(deps.db, org.id), roles: [Role.AGENCY_SYSTEM] };
      // Audited like a mutation: the agency's move and its outcome are in the hash chain, never the message's texts.
      const facts = { ...actorFacts(principal), onBehalfOfOrgId: null, action: `CALLBACK.${m.type}`, resourceType: "referral", resourceId: String(m.referralId), petitionId: null, requestId, clientIp: req.socket.remoteAddress ?? null, details: { eventId: m.eventId } };
      const r = await auditedOperation({ db: deps.db, log: deps.log, alg: (deps.audit ?? DEFAULT_AUDIT).alg }, facts, (e) => (e instanceof DomainError ? e.code : "INTERNAL_SERVER_ERROR"), () =>
        transitionReferralCommand(deps, { principal, requestId }, Number(m.referralId), eventOf(m)),
      );
      const receipt = { schema: "referral.callback-receipt.v1", eventId: m.eventId, referralId: String(r.referral.id), state: r.referral.state, duplicate: r.noop };
      await redis.set(eventKey, JSON.stringify({ bodyHash, receipt }), "EX", EVENT_ID_TTL_SECONDS, "NX");
      reply(res, 200, receipt);
    } catch (e) {
      if (e instanceof DomainError) return refuse(res, STATUS[e.code] ?? 400, e.code, e.message);
      deps.log.error({ err: e, requestId }, "agency callback failed");
      refuse(res, 500, "INTERNAL_SERVER_ERROR", `internal error (request ${requestId})`);
    }
  };
}
