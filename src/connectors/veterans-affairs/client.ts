/**
 * 东营市退役军人事务局 (DY_TYJR), veterans affairs: GraphQL. Its input flags veteran-related matters
 * (`veteranRelated`) and carries the idempotency key as `requestKey`; progress is a `CaseStage` enum.
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { GraphqlConnector, GraphqlSettings } from "../graphql/graphql-connector";
import { compactStatus, isoInstant, optional, sha256Field, text } from "../partner-fields";

function toPartnerInput(d: ReferralDelivery) {
  return {
    hubReferralId: d.referralId,
    requestKey: d.idempotencyKey,
    petitionNo: d.petitionNumber,
    role: d.role === "LEAD" ? "LEAD" : "ASSIST",
    category: d.category,
    veteranRelated: d.specialGroups.includes("VETERAN_MILITARY"),
    groups: d.specialGroups,
    summary: d.summary,
    request: d.request,
    locality: d.localityName,
    expected: d.expected,
    respondBy: d.responseDueAt,
    petitioners: d.petitioners.map((p) => ({ name: p.name, phone: p.phoneMasked })),
  };
}

const attachment = z.object({ fileName: text, mimeType: text, size: z.number().int().nonnegative(), sha256: optional(sha256Field), url: optional(z.url()) });

const statusSchema = z
  .object({
    ref: text,
    stage: z.enum(["RECEIVED", "SIGNED", "ANSWERED", "SENT_BACK"]),
    signedAt: optional(isoInstant),
    answer: optional(z.object({ opinion: text, measures: optional(z.string()), attachments: z.array(attachment), answeredAt: isoInstant })),
    sendBackReason: optional(text),
  })
  .refine((s) => s.stage !== "ANSWERED" || s.answer, { path: ["answer"], message: "required when ANSWERED" })
  .refine((s) => s.stage !== "SENT_BACK" || s.sendBackReason, { path: ["sendBackReason"], message: "required when SENT_BACK" });

const STAGES = { RECEIVED: "RECEIVED", SIGNED: "ACKNOWLEDGED", ANSWERED: "RESPONDED", SENT_BACK: "RETURNED" } as const;

/** The 退役军人事务局 connector. */
export function createVeteransAffairsConnector(settings: GraphqlSettings): AgencyConnector {
  return new GraphqlConnector(settings, {
    inputTypeName: "VeteranReferralInput",
    toPartnerInput,
    statusSelection: "{ ref stage signedAt answer { opinion measures answeredAt attachments { fileName mimeType size sha256 url } } sendBackReason }",
    statusSchema,
    fromPartnerStatus: (s, externalRef) =>
      compactStatus({
        externalRef,
        status: STAGES[s.stage],
        acknowledgedAt: s.signedAt,
        response: s.answer && {
          opinion: s.answer.opinion,
          actionsTaken: s.answer.measures,
          attachments: s.answer.attachments.map((a) => ({ name: a.fileName, mimeType: a.mimeType, sizeBytes: a.size, sha256: a.sha256, url: a.url })),
          respondedAt: s.answer.answeredAt,
        },
        returnReason: s.sendBackReason,
      }),
  });
}
