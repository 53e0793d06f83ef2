/**
 * A partner system with a signed REST API, as the hub's REST_HMAC connector expects it:
 *   POST /referrals               signed, `idempotency-key`; 201 { ref } new, 200 { ref } same key again
 *   GET  /referrals/{ref}/status  signed; the partner's status document, 404 when unknown
 * Requests must carry a valid HMAC signature, a fresh timestamp and an unused nonce (401 { code } otherwise).
 */
import * as http from "node:http";
import { z } from "zod";
import { verifySignedRequest } from "../../src/connectors/signing";
import { CaseBook } from "./case-book";
import { parseJson, sendJson } from "./http-util";
import { SimulatorHandle, startSimulatorServer } from "./simulator-server";
import { SimCase, SimulatorBehaviour } from "./simulator-types";

/** One REST partner's own shapes. */
export interface RestPartnerShape {
  /** The partner's delivery body; its output is the hub's referral id, which the partner quotes back. */
  delivery: z.ZodType<string>;
  /** A case as the partner's status document. */
  renderStatus(c: SimCase): unknown;
}

/** Options of {@link startRestAgencySimulator}. */
export interface RestSimulatorOptions extends SimulatorBehaviour {
  /** The key id and secret the hub signs with. */
  keyId: string;
  secret: string;
  shape: RestPartnerShape;
  /** Allowed clock difference. Default 300 s. */
  maxSkewSeconds?: number;
}

/** Nonces seen within the skew window; a real partner would keep them in Redis. */
class NonceMemory {
  private readonly seen = new Map<string, number>();

  async seenBefore(keyId: string, nonce: string, ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    for (const [k, expires] of this.seen) if (expires < now) this.seen.delete(k);
    const key = `${keyId}:${nonce}`;
    if (this.seen.has(key)) return true;
    this.seen.set(key, now + ttlSeconds * 1000);
    return false;
  }
}

/** Starts a REST partner simulator on 127.0.0.1 with a free port. */
export function startRestAgencySimulator(opts: RestSimulatorOptions): Promise<SimulatorHandle> {
  const nonces = new NonceMemory();
  const statusPath = /^\/referrals\/([^/]+)\/status$/;

  return startSimulatorServer(opts, async (req: http.IncomingMessage, body: string, res: http.ServerResponse, book: CaseBook) => {
    const target = req.url ?? "/";
    const path = target.split("?")[0];
    const verdict = await verifySignedRequest({
      secretFor: (keyId) => (keyId === opts.keyId ? opts.secret : undefined),
      method: req.method ?? "GET",
      path: target,
      body,
      headers: req.headers,
      now: new Date(),
      maxSkewSeconds: opts.maxSkewSeconds,
      seenNonce: (keyId, nonce, ttl) => nonces.seenBefore(keyId, nonce, ttl),
    });
    if (!verdict.ok) return sendJson(res, 401, { code: verdict.code });

    if (req.method === "POST" && path === "/referrals") {
      const key = req.headers["idempotency-key"];
      if (typeof key !== "string" || key.length === 0) return sendJson(res, 400, { code: "MISSING_IDEMPOTENCY_KEY" });
      const json = parseJson(body);
      if (json === undefined) return sendJson(res, 400, { code: "BAD_JSON" });
      const referralId = opts.shape.delivery.safeParse(json);
      if (!referralId.success) return sendJson(res, 400, { code: "INVALID_REFERRAL", message: referralId.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
      const outcome = book.receive(referralId.data, key, json);
      if ("conflict" in outcome) return sendJson(res, 409, { code: "IDEMPOTENCY_KEY_REUSED", message: outcome.conflict });
      return sendJson(res, outcome.duplicate ? 200 : 201, { ref: outcome.case.ref });
    }

    const match = req.method === "GET" ? statusPath.exec(path) : null;
    if (match) {
      const c = book.find(decodeURIComponent(match[1]));
      return c ? sendJson(res, 200, opts.shape.renderStatus(c)) : sendJson(res, 404, { code: "NOT_FOUND" });
    }
    sendJson(res, 404, { code: "NO_SUCH_ROUTE" });
  });
}
