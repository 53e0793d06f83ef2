/**
 * 军马场 (JMC), the military horse farm: signed REST with snake_case fields, polled (it cannot call the hub).
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { compactStatus, isoInstant, optional, sha256Field, text } from "../partner-fields";
import { RestHmacConnector, RestHmacSettings } from "../rest-hmac/rest-hmac-connector";

function toPartner(d: ReferralDelivery) {
  return {
    hub_referral_id: d.referralId,
    petition_no: d.petitionNumber,
    role: d.role === "LEAD" ? "lead" : "co",
    category: d.category,
    groups: d.specialGroups,
    summary: d.summary,
    request: d.request,
    place: d.localityName,
    expected: d.expected,
    due_at: d.responseDueAt,
    petitioners: d.petitioners.map((p) => ({ name: p.name, phone: p.phoneMasked })),
  };
}

const attachment = z.object({ name: text, mime_type: text, size_bytes: z.number().int().nonnegative(), sha256: optional(sha256Field), url: optional(z.url()) });

const statusSchema = z
  .object({
    ref: text,
    status: z.enum(["received", "acknowledged", "responded", "returned"]),
    acknowledged_at: optional(isoInstant),
    response: optional(z.object({ opinion: text, actions_taken: optional(z.string()), attachments: z.array(attachment), responded_at: isoInstant })),
    return_reason: optional(text),
  })
  .refine((s) => s.status !== "responded" || s.response, { path: ["response"], message: "required when responded" })
  .refine((s) => s.status !== "returned" || s.return_reason, { path: ["return_reason"], message: "required when returned" });

const STATUSES = { received: "RECEIVED", acknowledged: "ACKNOWLEDGED", responded: "RESPONDED", returned: "RETURNED" } as const;

/** The 军马场 connector. */
export function createHorseFarmConnector(settings: RestHmacSettings): AgencyConnector {
  return new RestHmacConnector(settings, {
    toPartner,
    statusSchema,
    fromPartnerStatus: (s, externalRef) =>
      compactStatus({
        externalRef,
        status: STATUSES[s.status],
        acknowledgedAt: s.acknowledged_at,
        response: s.response && {
          opinion: s.response.opinion,
          actionsTaken: s.response.actions_taken,
          attachments: s.response.attachments.map((a) => ({ name: a.name, mimeType: a.mime_type, sizeBytes: a.size_bytes, sha256: a.sha256, url: a.url })),
          respondedAt: s.response.responded_at,
        },
        returnReason: s.return_reason,
      }),
  });
}
