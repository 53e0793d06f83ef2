/**
 * 黄河三角洲农业高新技术产业示范区 (NGQ), the agricultural high-tech zone: signed REST with nested documents
 * (`referral` / `matter`, progress as `{ step }`), calls back.
 */
import { PartnerMapping } from "../mapping/partner-mapping";

export const agriZoneMapping: PartnerMapping = {
  agencyCode: "NGQ",
  name: "黄河三角洲农业高新技术产业示范区",
  protocol: "REST_HMAC",
  delivery: "push",
  fields: {
    "referral.id": "referral.id",
    "referral.petitionNumber": "petition.number",
    "referral.role": { path: "referral.role", labels: { LEAD: "LEAD", CO_HANDLER: "SUPPORT" } },
    "referral.dueAt": "referral.responseDueAt",
    "matter.category": "petition.category",
    "matter.groups": "petition.specialGroups",
    "matter.summary": "petition.summary",
    "matter.request": "petition.request",
    "matter.locality": "petition.locality",
    expected: "referral.expected",
    contacts: { each: "petitioners", fields: { name: "name", phone: "phoneMasked" } },
  },
  status: {
    state: { path: "progress.step", values: { RECEIVED: "RECEIVED", SIGNED_FOR: "ACKNOWLEDGED", REPLIED: "RESPONDED", RETURNED: "RETURNED" } },
    acknowledgedAt: "progress.signedForAt",
    response: {
      path: "reply",
      opinion: "opinion",
      actionsTaken: "actions",
      respondedAt: "repliedAt",
      attachments: { path: "files", name: "name", mimeType: "mimeType", sizeBytes: "sizeBytes", sha256: "sha256", url: "url" },
    },
    returnReason: "returned.reason",
  },
};
