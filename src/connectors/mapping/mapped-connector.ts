/**
 * The one generic connector: a {@link PartnerMapping} interpreted over the contract's delivery message, on the
 * REST or GraphQL protocol base. No partner has code of its own.
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { CircuitOptions } from "../circuit-breaker";
import { deliveryMessage } from "../contract/referral-messages";
import { GraphqlConnector } from "../graphql/graphql-connector";
import { RequestSigner } from "../http-signatures/request-signer";
import { RestHmacConnector } from "../rest-hmac/rest-hmac-connector";
import { build } from "./map-delivery";
import { PartnerMapping } from "./partner-mapping";
import { readStatus, statusSelection } from "./read-status";

/** What a mapped connector needs besides its mapping. */
export interface MappedSettings {
  agencyCode: string;
  baseUrl: string;
  timeoutMs: number;
  signer: RequestSigner;
  /** GraphQL partners: the bearer token the partner issued to the hub. */
  token?: string;
  circuit?: CircuitOptions;
}

/** The partner's body for a delivery. */
export function partnerBody(m: PartnerMapping, d: ReferralDelivery): Record<string, unknown> {
  const message = deliveryMessage(d);
  return build(m.fields, message);
}

/** A zod schema that reads the partner's status document through the mapping (issues by path, never by value). */
function statusSchemaOf(m: PartnerMapping) {
  return z.unknown().transform((doc, ctx) => {
    const ref = doc && typeof doc === "object" ? (doc as Record<string, unknown>).ref : undefined;
    const r = readStatus(m.status, doc, typeof ref === "string" ? ref : "");
    if (r.ok) return r.status;
    for (const i of r.issues) ctx.addIssue({ code: "custom", path: i.path as (string | number)[], message: i.message });
    return z.NEVER;
  });
}

/** The connector of one partner, from its mapping. */
export function createMappedConnector(m: PartnerMapping, s: MappedSettings): AgencyConnector {
  const statusSchema = statusSchemaOf(m);
  const fromPartnerStatus = (st: z.infer<typeof statusSchema>, externalRef: string) => ({ ...st, externalRef });
  if (m.protocol === "REST_HMAC") return new RestHmacConnector(s, { toPartner: (d) => partnerBody(m, d), statusSchema, fromPartnerStatus });
  if (!s.token) throw new Error(`${m.agencyCode}: a GraphQL partner needs a token`);
  if (!m.graphqlInputType) throw new Error(`${m.agencyCode}: mapping lacks graphqlInputType`);
  return new GraphqlConnector(
    { ...s, token: s.token },
    { inputTypeName: m.graphqlInputType, toPartnerInput: (d) => partnerBody(m, d), statusSelection: statusSelection(m.status), statusSchema, fromPartnerStatus },
  );
}
