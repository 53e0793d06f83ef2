/**
 * 东营市妇联 (DY_FL), women's federation: signed REST, polled (it cannot call the hub). Roles are sent as 主办/协办
 * and women-and-children matters are flagged (`womenChildrenRelated`); it writes instants with +08:00.
 */
import { PartnerMapping } from "../mapping/partner-mapping";

export const womensFederationMapping: PartnerMapping = {
  agencyCode: "DY_FL",
  name: "东营市妇女联合会",
  protocol: "REST_HMAC",
  delivery: "poll",
  fields: {
    referralId: "referral.id",
    petitionNo: "petition.number",
    role: { path: "referral.role", labels: { LEAD: "主办", CO_HANDLER: "协办" } },
    type: "petition.category",
    womenChildrenRelated: { hasGroup: "WOMEN_CHILDREN" },
    tags: "petition.specialGroups",
    brief: "petition.summary",
    demand: "petition.request",
    location: "petition.locality",
    expectations: "referral.expected",
    dueDate: "referral.responseDueAt",
    parties: { each: "petitioners", fields: { fullName: "name", maskedPhone: "phoneMasked" } },
  },
  status: {
    state: { path: "state", values: { NEW: "RECEIVED", ACCEPTED: "ACKNOWLEDGED", ANSWERED: "RESPONDED", REJECTED: "RETURNED" } },
    acknowledgedAt: { path: "acceptedAt", time: "beijing-offset" },
    response: {
      path: "answer",
      opinion: "content",
      actionsTaken: "actions",
      respondedAt: { path: "answeredAt", time: "beijing-offset" },
      attachments: { path: "attachments", name: "title", mimeType: "mime", sizeBytes: "bytes", sha256: "sha256", url: "href" },
    },
    returnReason: "rejectReason",
  },
};
