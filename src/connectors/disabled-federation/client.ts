/**
 * 东营市残联 (DY_CL), disabled persons' federation: signed REST. Its case system files a referral under the
 * petition's number (`caseNo`) and flags whether it concerns a disabled person (`disabilityRelated`).
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { compactStatus, isoInstant, optional, sha256Field, text } from "../partner-fields";
import { RestHmacConnector, RestHmacSettings } from "../rest-hmac/rest-hmac-connector";

function toPartner(d: ReferralDelivery) {
  return {
    hubReferralId: d.referralId,
    caseNo: d.petitionNumber,
    handlingRole: d.role === "LEAD" ? "LEAD" : "ASSIST",
    matterType: d.category,
    disabilityRelated: d.specialGroups.includes("DISABLED"),
    groups: d.specialGroups,
    summary: d.summary,
    appeal: d.request,
    area: d.localityName,
    expects: d.expected,
    replyBy: d.responseDueAt,
    persons: d.petitioners.map((p) => ({ name: p.name, phone: p.phoneMasked })),
  };
}

const file = z.object({ fileName: text, contentType: text, size: z.number().int().nonnegative(), digest: optional(sha256Field), link: optional(z.url()) });

const statusSchema = z
  .object({
    ref: text,
    stage: z.enum(["PENDING", "SIGNED", "REPLIED", "SENT_BACK"]),
    signedAt: optional(isoInstant),
    reply: optional(z.object({ opinionText: text, measures: optional(z.string()), files: z.array(file), repliedAt: isoInstant })),
    sendBackReason: optional(text),
  })
  .refine((s) => s.stage !== "REPLIED" || s.reply, { path: ["reply"], message: "required when REPLIED" })
  .refine((s) => s.stage !== "SENT_BACK" || s.sendBackReason, { path: ["sendBackReason"], message: "required when SENT_BACK" });

const STAGES = { PENDING: "RECEIVED", SIGNED: "ACKNOWLEDGED", REPLIED: "RESPONDED", SENT_BACK: "RETURNED" } as const;

/** The 残联 connector. */
export function createDisabledFederationConnector(settings: RestHmacSettings): AgencyConnector {
  return new RestHmacConnector(settings, {
    toPartner,
    statusSchema,
    fromPartnerStatus: (s, externalRef) =>
      compactStatus({
        externalRef,
        status: STAGES[s.stage],
        acknowledgedAt: s.signedAt,
        response: s.reply && {
          opinion: s.reply.opinionText,
          actionsTaken: s.reply.measures,
          attachments: s.reply.files.map((f) => ({ name: f.fileName, mimeType: f.contentType, sizeBytes: f.size, sha256: f.digest, url: f.link })),
          respondedAt: s.reply.repliedAt,
        },
        returnReason: s.sendBackReason,
      }),
  });
}
