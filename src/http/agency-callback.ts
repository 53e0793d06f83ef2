import { IncomingMessage, ServerResponse } from "node:http";
import type Redis from "ioredis";
import { z } from "zod";
import { HubDeps } from "../commands/command-context";
import { parseInput } from "../commands/petition-input";
import { transitionReferralCommand } from "../commands/transition-referral";
import { AgencyEndpoints } from "../connectors/config";
import { verifySignedRequest } from "../connectors/signing";
import { DomainError } from "../domain/errors";
import { Principal } from "../domain/access/principal";
import { Role } from "../domain/petition-terms";
import { ReferralEvent } from "../domain/referrals/referral-lifecycle";
import { OrganizationEntity } from "../db/entities";
import { referralResponseSchema } from "../resolvers/referral-callbacks.resolver";
import { principalForOrg } from "../db/org-tree";

const callbackBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("ACKNOWLEDGE"), referralId: z.number().int().positive() }),
  z.object({ action: z.literal("RESPOND"), referralId: z.number().int().positive(), response: referralResponseSchema }),
  z.object({ action: z.literal("RETURN"), referralId: z.number().int().positive(), reason: z.string().trim().min(1).max(1000) }),
]);

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, FORBIDDEN: 403, INVALID_TRANSITION: 409, DEADLINE_PASSED: 409 };

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * POST /agency-callback: the signed-REST way back for agencies that do not speak GraphQL. Same HMAC scheme as our
 * deliveries (key id = the agency's key), nonces remembered in Redis so a replayed request is refused, then the
 * same command as the GraphQL callbacks, acting as that agency.
 */
export function createAgencyCallbackHandler(deps: HubDeps, agencies: AgencyEndpoints, redis: Redis, prefix: string) {
  const byKey = new Map(Object.entries(agencies).flatMap(([code, a]) => (a.keyId && a.secret ? [[a.keyId, { code, secret: a.secret }] as const] : [])));
  return async (req: IncomingMessage, res: ServerResponse, body: Buffer, requestId: string) => {
    const verdict = await verifySignedRequest({
      secretFor: (keyId) => byKey.get(keyId)?.secret,
      method: req.method ?? "POST",
      path: req.url ?? "/",
      body,
      headers: req.headers,
      now: new Date(),
      seenNonce: async (keyId, nonce, ttl) => (await redis.set(`${prefix}:nonce:${keyId}:${nonce}`, "1", "EX", ttl, "NX")) === null,
    });
    if (!verdict.ok) return reply(res, 401, { error: { code: verdict.code, message: "request signature refused" } });
    const agency = byKey.get(verdict.keyId)!;
    try {
      const org = await deps.db.getRepository(OrganizationEntity).findOneByOrFail({ code: agency.code });
      const principal: Principal = await principalForOrg(deps.db, org, `agency:${agency.code}`, [Role.AGENCY_SYSTEM]);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        return reply(res, 400, { error: { code: "BAD_USER_INPUT", message: "body is not JSON" } });
      }
      const cb = parseInput(callbackBody, parsed);
      const event: ReferralEvent = cb.action === "RESPOND" ? { type: "RESPOND", response: cb.response } : cb.action === "RETURN" ? { type: "RETURN", reason: cb.reason } : { type: "ACKNOWLEDGE" };
      const r = await transitionReferralCommand(deps, { principal, requestId }, cb.referralId, event);
      reply(res, 200, { referralId: r.referral.id, state: r.referral.state, duplicate: r.noop });
    } catch (e) {
      if (e instanceof DomainError) return reply(res, STATUS[e.code] ?? 400, { error: { code: e.code, message: e.message } });
      deps.log.error({ err: e, requestId }, "agency callback failed");
      reply(res, 500, { error: { code: "INTERNAL_SERVER_ERROR", message: `internal error (request ${requestId})` } });
    }
  };
}
