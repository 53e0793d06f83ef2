/**
 * 东营市妇联 (DY_FL), women's federation: signed REST, polled (it cannot call the hub). Roles are sent as 主办/协办
 * and women-and-children matters are flagged (`womenChildrenRelated`).
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { compactStatus, isoInstant, optional, sha256Field, text } from "../partner-fields";
import { RestHmacConnector, RestHmacSettings } from "../rest-hmac/rest-hmac-connector";

function toPartner(d: ReferralDelivery) {
  return {
    referralId: d.referralId,
    petitionNo: d.petitionNumber,
    role: d.role === "LEAD" ? "主办" : "协办",
    type: d.category,
    womenChildrenRelated: d.specialGroups.includes("WOMEN_CHILDREN"),
    tags: d.specialGroups,
    brief: d.summary,
    demand: d.request,
    location: d.localityName,
    expectations: d.expected,
    dueDate: d.responseDueAt,
    parties: d.petitioners.map((p) => ({ fullName: p.name, maskedPhone: p.phoneMasked })),
  };
}

const attachment = z.object({ title: text, mime: text, bytes: z.number().int().nonnegative(), sha256: optional(sha256Field), href: optional(z.url()) });

const statusSchema = z
  .object({
    ref: text,
    state: z.enum(["NEW", "ACCEPTED", "ANSWERED", "REJECTED"]),
    acceptedAt: optional(isoInstant),
    answer: optional(z.object({ content: text, actions: optional(z.string()), attachments: z.array(attachment), answeredAt: isoInstant })),
    rejectReason: optional(text),
  })
  .refine((s) => s.state !== "ANSWERED" || s.answer, { path: ["answer"], message: "required when ANSWERED" })
  .refine((s) => s.state !== "REJECTED" || s.rejectReason, { path: ["rejectReason"], message: "required when REJECTED" });

const STATES = { NEW: "RECEIVED", ACCEPTED: "ACKNOWLEDGED", ANSWERED: "RESPONDED", REJECTED: "RETURNED" } as const;

/** The 妇联 connector. */
export function createWomensFederationConnector(settings: RestHmacSettings): AgencyConnector {
  return new RestHmacConnector(settings, {
    toPartner,
    statusSchema,
    fromPartnerStatus: (s, externalRef) =>
      compactStatus({
        externalRef,
        status: STATES[s.state],
        acknowledgedAt: s.acceptedAt,
        response: s.answer && {
          opinion: s.answer.content,
          actionsTaken: s.answer.actions,
          attachments: s.answer.attachments.map((a) => ({ name: a.title, mimeType: a.mime, sizeBytes: a.bytes, sha256: a.sha256, url: a.href })),
          respondedAt: s.answer.answeredAt,
        },
        returnReason: s.rejectReason,
      }),
  });
}
