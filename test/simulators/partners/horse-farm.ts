/** 军马场 (JMC): signed REST with snake_case fields, polled. */
import { z } from "zod";
import { RestPartnerShape } from "../rest-agency-simulator";
import { hubExpected, isoInstant, maskedPhone, stringList, text } from "./shape-helpers";

export const horseFarmShape: RestPartnerShape = {
  delivery: z
    .strictObject({
      hub_referral_id: text,
      petition_no: text,
      role: z.enum(["lead", "co"]),
      category: text,
      groups: stringList,
      summary: text,
      request: text,
      place: text,
      expected: hubExpected,
      due_at: isoInstant,
      petitioners: z.array(z.strictObject({ name: text, phone: maskedPhone })),
    })
    .transform((b) => b.hub_referral_id),
  renderStatus: (c) => ({
    ref: c.ref,
    status: c.stage.toLowerCase(),
    acknowledged_at: c.acknowledgedAt ?? null,
    response:
      c.response && c.respondedAt
        ? {
            opinion: c.response.opinion,
            actions_taken: c.response.actionsTaken,
            attachments: c.response.attachments.map((a) => ({ name: a.name, mime_type: a.mimeType, size_bytes: a.sizeBytes, sha256: a.sha256 })),
            responded_at: c.respondedAt,
          }
        : null,
    return_reason: c.returnReason ?? null,
  }),
};
