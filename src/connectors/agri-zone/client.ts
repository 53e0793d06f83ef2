/**
 * 黄河三角洲农业高新技术产业示范区 (NGQ), the agricultural high-tech zone: signed REST with nested documents
 * (`referral` / `matter`, progress as `{ step }`).
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { compactStatus, isoInstant, optional, sha256Field, text } from "../partner-fields";
import { RestHmacConnector, RestHmacSettings } from "../rest-hmac/rest-hmac-connector";

function toPartner(d: ReferralDelivery) {
  return {
    referral: { id: d.referralId, petitionNumber: d.petitionNumber, role: d.role === "LEAD" ? "LEAD" : "SUPPORT", dueAt: d.responseDueAt },
    matter: { category: d.category, groups: d.specialGroups, summary: d.summary, request: d.request, locality: d.localityName },
    expected: d.expected,
    contacts: d.petitioners.map((p) => ({ name: p.name, phone: p.phoneMasked })),
  };
}

const file = z.object({ name: text, mimeType: text, sizeBytes: z.number().int().nonnegative(), sha256: optional(sha256Field), url: optional(z.url()) });

const statusSchema = z
  .object({
    ref: text,
    progress: z.object({ step: z.enum(["RECEIVED", "SIGNED_FOR", "REPLIED", "RETURNED"]), signedForAt: optional(isoInstant) }),
    reply: optional(z.object({ opinion: text, actions: optional(z.string()), files: z.array(file), repliedAt: isoInstant })),
    returned: optional(z.object({ reason: text })),
  })
  .refine((s) => s.progress.step !== "REPLIED" || s.reply, { path: ["reply"], message: "required when REPLIED" })
  .refine((s) => s.progress.step !== "RETURNED" || s.returned, { path: ["returned"], message: "required when RETURNED" });

const STEPS = { RECEIVED: "RECEIVED", SIGNED_FOR: "ACKNOWLEDGED", REPLIED: "RESPONDED", RETURNED: "RETURNED" } as const;

/** The 农高区 connector. */
export function createAgriZoneConnector(settings: RestHmacSettings): AgencyConnector {
  return new RestHmacConnector(settings, {
    toPartner,
    statusSchema,
    fromPartnerStatus: (s, externalRef) =>
      compactStatus({
        externalRef,
        status: STEPS[s.progress.step],
        acknowledgedAt: s.progress.signedForAt,
        response: s.reply && {
          opinion: s.reply.opinion,
          actionsTaken: s.reply.actions,
          attachments: s.reply.files.map((f) => ({ name: f.name, mimeType: f.mimeType, sizeBytes: f.sizeBytes, sha256: f.sha256, url: f.url })),
          respondedAt: s.reply.repliedAt,
        },
        returnReason: s.returned?.reason,
      }),
  });
}
