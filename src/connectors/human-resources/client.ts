/**
 * 东营市人社局 (DY_RSJ), human resources and social security: signed REST. Its labour-inspection system wants
 * wage-arrears matters flagged (`wageArrears`), times as Beijing local `YYYY-MM-DD HH:mm:ss`, and reports its
 * progress as numeric codes (0 received, 1 signed for, 2 answered, 9 sent back).
 */
import { z } from "zod";
import { AgencyConnector, ReferralDelivery } from "../agency-connector";
import { beijingLocalInstant, compactStatus, optional, sha256Field, text, toBeijingLocal } from "../partner-fields";
import { RestHmacConnector, RestHmacSettings } from "../rest-hmac/rest-hmac-connector";

/** Words that mark a labour matter as wage arrears even when the petition carries no special-group tag. */
const WAGE_WORDS = /欠薪|拖欠工资|讨薪|工资/;

function toPartner(d: ReferralDelivery) {
  return {
    sourceId: d.referralId,
    petitionNumber: d.petitionNumber,
    leading: d.role === "LEAD",
    category: d.category,
    wageArrears: d.specialGroups.includes("MIGRANT_WORKER") || WAGE_WORDS.test(`${d.summary}\n${d.request}`),
    specialGroups: d.specialGroups,
    content: { summary: d.summary, request: d.request },
    district: d.localityName,
    feedbackItems: d.expected,
    deadline: toBeijingLocal(d.responseDueAt),
    workers: d.petitioners.map((p) => ({ name: p.name, mobile: p.phoneMasked })),
  };
}

const doc = z.object({ name: text, type: text, length: z.number().int().nonnegative(), hash: optional(sha256Field) });

const statusSchema = z
  .object({
    ticket: text,
    status: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(9)]),
    handledAt: optional(beijingLocalInstant),
    result: optional(z.object({ opinion: text, measures: optional(z.string()), docs: z.array(doc), time: beijingLocalInstant })),
    backReason: optional(text),
  })
  .refine((s) => s.status !== 2 || s.result, { path: ["result"], message: "required when status is 2" })
  .refine((s) => s.status !== 9 || s.backReason, { path: ["backReason"], message: "required when status is 9" });

const CODES = { 0: "RECEIVED", 1: "ACKNOWLEDGED", 2: "RESPONDED", 9: "RETURNED" } as const;

/** The 人社局 connector. */
export function createHumanResourcesConnector(settings: RestHmacSettings): AgencyConnector {
  return new RestHmacConnector(settings, {
    toPartner,
    statusSchema,
    fromPartnerStatus: (s, externalRef) =>
      compactStatus({
        externalRef,
        status: CODES[s.status],
        acknowledgedAt: s.handledAt,
        response: s.result && {
          opinion: s.result.opinion,
          actionsTaken: s.result.measures,
          attachments: s.result.docs.map((f) => ({ name: f.name, mimeType: f.type, sizeBytes: f.length, sha256: f.hash })),
          respondedAt: s.result.time,
        },
        returnReason: s.backReason,
      }),
  });
}
