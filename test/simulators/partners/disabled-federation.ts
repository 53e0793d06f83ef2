/** 东营市残联 (DY_CL): signed REST; cases filed under `caseNo`, `disabilityRelated` flag. */
import { z } from "zod";
import { RestPartnerShape } from "../rest-agency-simulator";
import { hubExpected, isoInstant, maskedPhone, stringList, text } from "./shape-helpers";

const STAGE = { RECEIVED: "PENDING", ACKNOWLEDGED: "SIGNED", RESPONDED: "REPLIED", RETURNED: "SENT_BACK" } as const;

export const disabledFederationShape: RestPartnerShape = {
  delivery: z
    .strictObject({
      hubReferralId: text,
      caseNo: text,
      handlingRole: z.enum(["LEAD", "ASSIST"]),
      matterType: text,
      disabilityRelated: z.boolean(),
      groups: stringList,
      summary: text,
      appeal: text,
      area: text,
      expects: hubExpected,
      replyBy: isoInstant,
      persons: z.array(z.strictObject({ name: text, phone: maskedPhone })),
    })
    .transform((b) => b.hubReferralId),
  renderStatus: (c) => ({
    ref: c.ref,
    stage: STAGE[c.stage],
    signedAt: c.acknowledgedAt ?? null,
    reply: c.response
      ? {
          opinionText: c.response.opinion,
          measures: c.response.actionsTaken,
          files: c.response.attachments.map((a) => ({ fileName: a.name, contentType: a.mimeType, size: a.sizeBytes, digest: a.sha256 })),
          repliedAt: c.respondedAt,
        }
      : null,
    sendBackReason: c.returnReason ?? null,
  }),
};
