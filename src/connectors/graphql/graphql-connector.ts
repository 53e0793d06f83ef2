/**
 * Base for partners with a GraphQL API at {baseUrl}/graphql, bearer-token authenticated:
 *   mutation receiveReferral(input: <partner input type>!) { ref duplicate }
 *   query    referralStatus(ref: ID!) { <partner selection> }
 * HTTP statuses are classified like REST; GraphQL errors by `extensions.code` (see graphql-errors.ts).
 * Requests are also signed per RFC 9421, so a partner can check they come from the hub and were not altered.
 * A partner supplies only the input type name, the status selection and the shape mapping.
 */
import { z } from "zod";
import { AgencyConnector, AgencyStatus, DeliveryReceipt, ReferralDelivery } from "../agency-connector";
import { CircuitOptions, ConnectorCircuit } from "../circuit-breaker";
import { errorForBadPayload, errorForMapping } from "../error-classification";
import { sendJson } from "../http-json";
import { RequestSigner } from "../http-signatures/request-signer";
import { errorForGraphqlErrors, graphqlEnvelope } from "./graphql-errors";
import { LIMITS } from "../../domain/limits";

/** Where and how to reach one GraphQL partner. */
export interface GraphqlSettings {
  agencyCode: string;
  /** e.g. `https://veterans.example.gov.cn`; `/graphql` is appended. */
  baseUrl: string;
  token: string;
  /** Signs every request (RFC 9421). */
  signer: RequestSigner;
  timeoutMs: number;
  circuit?: CircuitOptions;
}

/** How one partner's schema differs from the hub's vocabulary. */
export interface GraphqlPartner<TStatus> {
  /** Name of the partner's input type for `receiveReferral`. */
  inputTypeName: string;
  /** The hub's delivery as the partner's input object. */
  toPartnerInput(d: ReferralDelivery): Record<string, unknown>;
  /** Selection set for `referralStatus`, braces included. */
  statusSelection: string;
  /** The partner's status object, checked before it is mapped. */
  statusSchema: z.ZodType<TStatus>;
  /** The partner's status object in the hub's vocabulary. */
  fromPartnerStatus(s: TStatus, externalRef: string): AgencyStatus;
}

/** The partner's receipt; `ref` is stored on the referral, so it is bounded by that column. */
export const receiptSchema = z.object({ receiveReferral: z.object({ ref: z.string().min(1).max(LIMITS.externalRef), duplicate: z.boolean() }) });

/** A GraphQL partner; see the module comment for the operations. */
export class GraphqlConnector<TStatus> implements AgencyConnector {
  readonly protocol = "GRAPHQL" as const;
  readonly agencyCode: string;
  private readonly endpoint: string;
  private readonly circuit: ConnectorCircuit;
  private readonly deliverQuery: string;
  private readonly statusQuery: string;

  constructor(
    private readonly settings: GraphqlSettings,
    private readonly partner: GraphqlPartner<TStatus>,
  ) {
    this.agencyCode = settings.agencyCode;
    this.endpoint = `${settings.baseUrl.replace(/\/+$/, "")}/graphql`;
    this.circuit = new ConnectorCircuit(settings.agencyCode, settings.circuit);
    this.deliverQuery = `mutation ReceiveReferral($input: ${partner.inputTypeName}!) { receiveReferral(input: $input) { ref duplicate } }`;
    this.statusQuery = `query ReferralStatus($ref: ID!) { referralStatus(ref: $ref) ${partner.statusSelection} }`;
  }

  async deliver(d: ReferralDelivery): Promise<DeliveryReceipt> {
    const variables = { input: this.mapped(d) };
    const data = await this.circuit.run(() => this.execute(this.deliverQuery, variables, { "idempotency-key": d.idempotencyKey }));
    const receipt = receiptSchema.safeParse(data);
    if (!receipt.success) throw errorForBadPayload(this.agencyCode, "delivery receipt", receipt.error);
    return { externalRef: receipt.data.receiveReferral.ref, duplicate: receipt.data.receiveReferral.duplicate };
  }

  async fetchStatus(_referralId: string, externalRef: string): Promise<AgencyStatus | null> {
    const data = await this.circuit.run(() => this.execute(this.statusQuery, { ref: externalRef }, {}));
    const found = z.object({ referralStatus: z.unknown() }).safeParse(data);
    if (!found.success) throw errorForBadPayload(this.agencyCode, "status", found.error);
    if (found.data.referralStatus === null) return null;
    const status = this.partner.statusSchema.safeParse(found.data.referralStatus);
    if (!status.success) throw errorForBadPayload(this.agencyCode, "status", status.error);
    return this.partner.fromPartnerStatus(status.data, externalRef);
  }

  async close(): Promise<void> {
    this.circuit.shutdown();
  }

  /** The partner's shape of a delivery; a mapping failure is the hub's data, not the partner's health. */
  private mapped(d: ReferralDelivery): Record<string, unknown> {
    try {
      return this.partner.toPartnerInput(d);
    } catch (err) {
      throw errorForMapping(this.agencyCode, err);
    }
  }

  /**
   * Runs one operation; errors in the answer are classified inside the breaker, so a partner answering
   * `INTERNAL_SERVER_ERROR` counts towards opening it just like a 500 does.
   */
  private async execute(query: string, variables: Record<string, unknown>, extra: Record<string, string>): Promise<unknown> {
    const body = JSON.stringify({ query, variables });
    const signed = this.settings.signer("POST", this.endpoint, body);
    const res = await sendJson({
      agencyCode: this.agencyCode,
      url: this.endpoint,
      method: "POST",
      headers: { accept: "application/json", "content-type": "application/json", authorization: `Bearer ${this.settings.token}`, ...signed, ...extra },
      body,
      timeoutMs: this.settings.timeoutMs,
    });
    const envelope = graphqlEnvelope.safeParse(res.body);
    if (!envelope.success) throw errorForBadPayload(this.agencyCode, "GraphQL response", envelope.error, res.status);
    if (envelope.data.errors?.length) throw errorForGraphqlErrors(this.agencyCode, envelope.data.errors, res.status);
    return envelope.data.data;
  }
}
