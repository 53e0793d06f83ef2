/**
 * 东营市残联 (DY_CL), disabled persons' federation: signed REST, calls back. Files a referral under the petition's
 * number (`caseNo`) and flags whether it concerns a disabled person (`disabilityRelated`).
 */
import { PartnerMapping } from "../mapping/partner-mapping";

export const disabledFederationMapping: PartnerMapping = {
  agencyCode: "DY_CL",
  name: "东营市残疾人联合会",
  protocol: "REST_HMAC",
  delivery: "push",
  fields: {
    hubReferralId: "referral.id",
    caseNo: "petition.number",
    handlingRole: { path: "referral.role", labels: { LEAD: "LEAD", CO_HANDLER: "ASSIST" } },
    matterType: "petition.category",
    disabilityRelated: { hasGroup: "DISABLED" },
    groups: "petition.specialGroups",
    summary: "petition.summary",
    appeal: "petition.request",
    area: "petition.locality",
    expects: "referral.expected",
    replyBy: "referral.responseDueAt",
    persons: { each: "petitioners", fields: { name: "name", phone: "phoneMasked" } },
  },
  status: {
    state: { path: "stage", values: { PENDING: "RECEIVED", SIGNED: "ACKNOWLEDGED", REPLIED: "RESPONDED", SENT_BACK: "RETURNED" } },
    acknowledgedAt: "signedAt",
    response: {
      path: "reply",
      opinion: "opinionText",
      actionsTaken: "measures",
      respondedAt: "repliedAt",
      attachments: { path: "files", name: "fileName", mimeType: "contentType", sizeBytes: "size", sha256: "digest", url: "link" },
    },
    returnReason: "sendBackReason",
  },
};
