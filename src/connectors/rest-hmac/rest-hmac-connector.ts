/**
 * Base for partners with a signed REST/JSON API:
 *   POST {baseUrl}/referrals                 → 201 { ref } created, 200 { ref } already had this idempotency key
 *   GET  {baseUrl}/referrals/{ref}/status    → the partner's status document, 404 when unknown
 * Every request is signed per RFC 9421 (Content-Digest, Signature-Input, Signature; ../http-signatures) with the
 * hub's Ed25519 key, or HMAC-SHA256 for a partner configured so; deliveries also carry `idempotency-key`.
 * (The protocol keeps its historical name REST_HMAC in configuration.) A partner supplies only the shape mapping.
 */
import { z } from "zod";
import { AgencyConnector, AgencyStatus, DeliveryReceipt, ReferralDelivery } from "../agency-connector";
import { CircuitOptions, ConnectorCircuit } from "../circuit-breaker";
import { errorForBadPayload, errorForMapping } from "../error-classification";
import { JsonResponse, sendJson } from "../http-json";
import { RequestSigner } from "../http-signatures/request-signer";
import { LIMITS } from "../../domain/limits";

/** Where and how to reach one REST partner. */
export interface RestHmacSettings {
  agencyCode: string;
  /** e.g. `https://cl.example.gov.cn/api/v1`; paths are appended to it. */
  baseUrl: string;
  /** Signs every request (RFC 9421). */
  signer: RequestSigner;
  timeoutMs: number;
  circuit?: CircuitOptions;
}

/** How one partner's JSON differs from the hub's vocabulary. */
export interface RestHmacPartner<TStatus> {
  /** The hub's delivery as the partner's request body. */
  toPartner(d: ReferralDelivery): Record<string, unknown>;
  /** The partner's status document, checked before it is mapped. */
  statusSchema: z.ZodType<TStatus>;
  /** The partner's status document in the hub's vocabulary. */
  fromPartnerStatus(s: TStatus, externalRef: string): AgencyStatus;
}

/** The creation answer every REST partner agreed to; extra fields are ignored. */
/** The partner's receipt; `ref` is stored on the referral, so it is bounded by that column (a longer one is a contract breach). */
export const receiptSchema = z.object({ ref: z.string().min(1).max(LIMITS.externalRef) });

/** A signed REST partner; see the module comment for the endpoints. */
export class RestHmacConnector<TStatus> implements AgencyConnector {
  readonly protocol = "REST_HMAC" as const;
  readonly agencyCode: string;
  private readonly baseUrl: string;
  private readonly circuit: ConnectorCircuit;

  constructor(
    private readonly settings: RestHmacSettings,
    private readonly partner: RestHmacPartner<TStatus>,
  ) {
    this.agencyCode = settings.agencyCode;
    this.baseUrl = settings.baseUrl.replace(/\/+$/, "");
    this.circuit = new ConnectorCircuit(settings.agencyCode, settings.circuit);
  }

  async deliver(d: ReferralDelivery): Promise<DeliveryReceipt> {
    const body = JSON.stringify(this.mapped(d));
    const res = await this.circuit.run(() => this.send("POST", `${this.baseUrl}/referrals`, body, { "idempotency-key": d.idempotencyKey }));
    const receipt = receiptSchema.safeParse(res.body);
    if (!receipt.success) throw errorForBadPayload(this.agencyCode, "delivery receipt", receipt.error, res.status);
    return { externalRef: receipt.data.ref, duplicate: res.status === 200 };
  }

  async fetchStatus(_referralId: string, externalRef: string): Promise<AgencyStatus | null> {
    const url = `${this.baseUrl}/referrals/${encodeURIComponent(externalRef)}/status`;
    const res = await this.circuit.run(() => this.send("GET", url, "", {}, [404]));
    if (res.status === 404) return null;
    const status = this.partner.statusSchema.safeParse(res.body);
    if (!status.success) throw errorForBadPayload(this.agencyCode, "status", status.error, res.status);
    return this.partner.fromPartnerStatus(status.data, externalRef);
  }

  async close(): Promise<void> {
    this.circuit.shutdown();
  }

  /** The partner's shape of a delivery; a mapping failure is the hub's data, not the partner's health. */
  private mapped(d: ReferralDelivery): Record<string, unknown> {
    try {
      return this.partner.toPartner(d);
    } catch (err) {
      throw errorForMapping(this.agencyCode, err);
    }
  }

  /** Signs each attempt afresh: a retry with the old signature would be refused as a replay. */
  private send(method: "GET" | "POST", url: string, body: string, extra: Record<string, string>, acceptStatuses?: number[]): Promise<JsonResponse> {
    const signed = this.settings.signer(method, url, body);
    const headers: Record<string, string> = { accept: "application/json", ...signed, ...extra };
    if (method === "POST") headers["content-type"] = "application/json";
    return sendJson({ agencyCode: this.agencyCode, url, method, headers, body: method === "POST" ? body : undefined, timeoutMs: this.settings.timeoutMs, acceptStatuses });
  }
}
