/**
 * 东营市退役军人事务局 (DY_TYJR), veterans affairs: GraphQL, calls back. Its input flags veteran-related matters
 * (`veteranRelated`) and carries the idempotency key as `requestKey`; progress is a `CaseStage` enum.
 */
import { PartnerMapping } from "../mapping/partner-mapping";

export const veteransAffairsMapping: PartnerMapping = {
  agencyCode: "DY_TYJR",
  name: "东营市退役军人事务局",
  protocol: "GRAPHQL",
  delivery: "push",
  graphqlInputType: "VeteranReferralInput",
  fields: {
    hubReferralId: "referral.id",
    requestKey: "idempotencyKey",
    petitionNo: "petition.number",
    role: { path: "referral.role", labels: { LEAD: "LEAD", CO_HANDLER: "ASSIST" } },
    category: "petition.category",
    veteranRelated: { hasGroup: "VETERAN_MILITARY" },
    groups: "petition.specialGroups",
    summary: "petition.summary",
    request: "petition.request",
    locality: "petition.locality",
    expected: "referral.expected",
    respondBy: "referral.responseDueAt",
    petitioners: { each: "petitioners", fields: { name: "name", phone: "phoneMasked" } },
  },
  status: {
    state: { path: "stage", values: { RECEIVED: "RECEIVED", SIGNED: "ACKNOWLEDGED", ANSWERED: "RESPONDED", SENT_BACK: "RETURNED" } },
    acknowledgedAt: "signedAt",
    response: {
      path: "answer",
      opinion: "opinion",
      actionsTaken: "measures",
      respondedAt: "answeredAt",
      attachments: { path: "attachments", name: "fileName", mimeType: "mimeType", sizeBytes: "size", sha256: "sha256", url: "url" },
    },
    returnReason: "sendBackReason",
  },
};
