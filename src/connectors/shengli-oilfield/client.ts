/**
 * 胜利油田 (SL_YT), Shengli Oilfield's petition office: GraphQL. Its input names the hub's id `externalId`, the
 * idempotency key `dedupKey` and the role a boolean `isLead`; a case is CLAIMED when signed for.
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { GraphqlConnector, GraphqlSettings } from "../graphql/graphql-connector";
import { compactStatus, isoInstant, optional, sha256Field, text } from "../partner-fields";

function toPartnerInput(d: ReferralDelivery) {
  return {
    externalId: d.referralId,
    dedupKey: d.idempotencyKey,
    petitionNumber: d.petitionNumber,
    isLead: d.role === "LEAD",
    category: d.category,
    tags: d.specialGroups,
    description: d.summary,
    demand: d.request,
    site: d.localityName,
    expectedReplies: d.expected,
    deadline: d.responseDueAt,
    contacts: d.petitioners.map((p) => ({ contactName: p.name, contactPhone: p.phoneMasked })),
  };
}

const file = z.object({ name: text, contentType: text, bytes: z.number().int().nonnegative(), sha256: optional(sha256Field), link: optional(z.url()) });

const statusSchema = z
  .object({
    ref: text,
    status: z.enum(["REGISTERED", "CLAIMED", "REPLIED", "REJECTED"]),
    claimedAt: optional(isoInstant),
    reply: optional(z.object({ text, measures: optional(z.string()), at: isoInstant, files: z.array(file) })),
    rejectReason: optional(text),
  })
  .refine((s) => s.status !== "REPLIED" || s.reply, { path: ["reply"], message: "required when REPLIED" })
  .refine((s) => s.status !== "REJECTED" || s.rejectReason, { path: ["rejectReason"], message: "required when REJECTED" });

const STATUSES = { REGISTERED: "RECEIVED", CLAIMED: "ACKNOWLEDGED", REPLIED: "RESPONDED", REJECTED: "RETURNED" } as const;

/** The 胜利油田 connector. */
export function createShengliOilfieldConnector(settings: GraphqlSettings): AgencyConnector {
  return new GraphqlConnector(settings, {
    inputTypeName: "OilfieldCaseInput",
    toPartnerInput,
    statusSelection: "{ ref status claimedAt reply { text measures at files { name contentType bytes sha256 link } } rejectReason }",
    statusSchema,
    fromPartnerStatus: (s, externalRef) =>
      compactStatus({
        externalRef,
        status: STATUSES[s.status],
        acknowledgedAt: s.claimedAt,
        response: s.reply && {
          opinion: s.reply.text,
          actionsTaken: s.reply.measures,
          attachments: s.reply.files.map((f) => ({ name: f.name, mimeType: f.contentType, sizeBytes: f.bytes, sha256: f.sha256, url: f.link })),
          respondedAt: s.reply.at,
        },
        returnReason: s.rejectReason,
      }),
  });
}
