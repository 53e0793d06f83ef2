/**
 * 军马场 (JMC), the military horse farm: signed REST with snake_case fields, polled (it cannot call the hub).
 * Its gateway cannot do Ed25519 yet, so its endpoint is configured with `signature: "hmac-sha256"`.
 */
import { PartnerMapping } from "../mapping/partner-mapping";

export const horseFarmMapping: PartnerMapping = {
  agencyCode: "JMC",
  name: "军马场",
  protocol: "REST_HMAC",
  delivery: "poll",
  fields: {
    hub_referral_id: "referral.id",
    petition_no: "petition.number",
    role: { path: "referral.role", labels: { LEAD: "lead", CO_HANDLER: "co" } },
    category: "petition.category",
    groups: "petition.specialGroups",
    summary: "petition.summary",
    request: "petition.request",
    place: "petition.locality",
    expected: "referral.expected",
    due_at: "referral.responseDueAt",
    petitioners: { each: "petitioners", fields: { name: "name", phone: "phoneMasked" } },
  },
  status: {
    state: { path: "status", values: { received: "RECEIVED", acknowledged: "ACKNOWLEDGED", responded: "RESPONDED", returned: "RETURNED" } },
    acknowledgedAt: "acknowledged_at",
    response: {
      path: "response",
      opinion: "opinion",
      actionsTaken: "actions_taken",
      respondedAt: "responded_at",
      attachments: { path: "attachments", name: "name", mimeType: "mime_type", sizeBytes: "size_bytes", sha256: "sha256", url: "url" },
    },
    returnReason: "return_reason",
  },
};
