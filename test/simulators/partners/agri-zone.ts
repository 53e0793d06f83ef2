/** 农高区 (NGQ): signed REST with nested `referral` / `matter` documents and `progress.step`. */
import { z } from "zod";
import { RestPartnerShape } from "../rest-agency-simulator";
import { hubExpected, isoInstant, maskedPhone, stringList, text } from "./shape-helpers";

const STEP = { RECEIVED: "RECEIVED", ACKNOWLEDGED: "SIGNED_FOR", RESPONDED: "REPLIED", RETURNED: "RETURNED" } as const;

export const agriZoneShape: RestPartnerShape = {
  delivery: z
    .strictObject({
      referral: z.strictObject({ id: text, petitionNumber: text, role: z.enum(["LEAD", "SUPPORT"]), dueAt: isoInstant }),
      matter: z.strictObject({ category: text, groups: stringList, summary: text, request: text, locality: text }),
      expected: hubExpected,
      contacts: z.array(z.strictObject({ name: text, phone: maskedPhone })),
    })
    .transform((b) => b.referral.id),
  renderStatus: (c) => ({
    ref: c.ref,
    progress: { step: STEP[c.stage], ...(c.acknowledgedAt ? { signedForAt: c.acknowledgedAt } : {}) },
    ...(c.response && c.respondedAt
      ? {
          reply: {
            opinion: c.response.opinion,
            actions: c.response.actionsTaken,
            files: c.response.attachments.map((a) => ({ name: a.name, mimeType: a.mimeType, sizeBytes: a.sizeBytes, sha256: a.sha256 })),
            repliedAt: c.respondedAt,
          },
        }
      : {}),
    ...(c.returnReason ? { returned: { reason: c.returnReason } } : {}),
  }),
};
