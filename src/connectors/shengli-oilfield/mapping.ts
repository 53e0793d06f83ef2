/**
 * 胜利油田 (SL_YT), Shengli Oilfield's petition office: GraphQL, calls back. Its input names the hub's id
 * `externalId`, the idempotency key `dedupKey` and the role a boolean `isLead`; a case is CLAIMED when signed for.
 */
import { PartnerMapping } from "../mapping/partner-mapping";

export const shengliOilfieldMapping: PartnerMapping = {
  agencyCode: "SL_YT",
  name: "胜利油田信访办",
  protocol: "GRAPHQL",
  delivery: "push",
  graphqlInputType: "OilfieldCaseInput",
  fields: {
    externalId: "referral.id",
    dedupKey: "idempotencyKey",
    petitionNumber: "petition.number",
    isLead: { path: "referral.role", labels: { LEAD: true, CO_HANDLER: false } },
    category: "petition.category",
    tags: "petition.specialGroups",
    description: "petition.summary",
    demand: "petition.request",
    site: "petition.locality",
    expectedReplies: "referral.expected",
    deadline: "referral.responseDueAt",
    contacts: { each: "petitioners", fields: { contactName: "name", contactPhone: "phoneMasked" } },
  },
  status: {
    state: { path: "status", values: { REGISTERED: "RECEIVED", CLAIMED: "ACKNOWLEDGED", REPLIED: "RESPONDED", REJECTED: "RETURNED" } },
    acknowledgedAt: "claimedAt",
    response: {
      path: "reply",
      opinion: "text",
      actionsTaken: "measures",
      respondedAt: "at",
      attachments: { path: "files", name: "name", mimeType: "contentType", sizeBytes: "bytes", sha256: "sha256", url: "link" },
    },
    returnReason: "rejectReason",
  },
};
