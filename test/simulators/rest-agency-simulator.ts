/**
 * A partner system with a signed REST API, as the hub's REST_HMAC connector expects it:
 *   POST /referrals               signed, `idempotency-key`; 201 { ref } new, 200 { ref } same key again
 *   GET  /referrals/{ref}/status  signed; the partner's status document, 404 when unknown
 * Requests must carry a valid RFC 9421 signature by the hub (Ed25519, or HMAC-SHA256 for a partner configured so)
 * over @method, @target-uri and content-digest, fresh and not replayed (401 { code } otherwise). Verified by
 * ./partner-signatures.ts, which shares no code with the hub.
 */
import * as http from "node:http";
import { z } from "zod";
import { CaseBook } from "./case-book";
import { parseJson, sendJson } from "./http-util";
import { SimulatorHandle, startSimulatorServer } from "./simulator-server";
import { SimCase, SimulatorBehaviour } from "./simulator-types";
import { HubKeyCache, PartnerVerifyKey, SeenSignatures, verifyHubSignature } from "./partner-signatures";

/** One REST partner's own shapes. */
export interface RestPartnerShape {
  /** The partner's delivery body; its output is the hub's referral id, which the partner quotes back. */
  delivery: z.ZodType<string>;
  /** A case as the partner's status document. */
  renderStatus(c: SimCase): unknown;
}

/** Options of {@link startRestAgencySimulator}. */
export interface RestSimulatorOptions extends SimulatorBehaviour {
  /** Where the hub's public keys come from (Ed25519 partners). */
  hubKeys: HubKeyCache;
  /** For a partner that cannot do Ed25519: the shared HMAC key the hub signs with. */
  hmac?: { keyId: string; secret: string };
  shape: RestPartnerShape;
  /** Allowed clock difference. Default 300 s. */
  maxSkewSeconds?: number;
}

/** Checks the hub's signature with this partner's keys: its HMAC secret if it has one, else the hub's JWKS. */
export async function verifySignedBy(opts: { hubKeys: HubKeyCache; hmac?: { keyId: string; secret: string }; maxSkewSeconds?: number }, req: http.IncomingMessage, target: string, body: string, seen: SeenSignatures) {
  const keyFor = async (kid: string): Promise<PartnerVerifyKey | undefined> => {
    if (opts.hmac) return kid === opts.hmac.keyId ? { alg: "hmac-sha256", secret: opts.hmac.secret } : undefined;
    const key = await opts.hubKeys.get(kid);
    return key && { alg: "ed25519", key };
  };
  return verifyHubSignature({ method: req.method ?? "GET", targetUri: `http://${req.headers.host}${target}`, headers: req.headers, body }, keyFor, seen, opts.maxSkewSeconds);
}

/** Starts a REST partner simulator on 127.0.0.1 with a free port. */
export function startRestAgencySimulator(opts: RestSimulatorOptions): Promise<SimulatorHandle> {
  const seen = new SeenSignatures();
  const statusPath = /^\/referrals\/([^/]+)\/status$/;

  return startSimulatorServer(opts, async (req: http.IncomingMessage, body: string, res: http.ServerResponse, book: CaseBook) => {
    const target = req.url ?? "/";
    const path = target.split("?")[0];
    const verdict = await verifySignedBy(opts, req, target, body, seen);
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
