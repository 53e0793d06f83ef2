/** 东营市妇联 (DY_FL): signed REST, polled; roles 主办/协办, instants with +08:00 offsets. */
import { z } from "zod";
import { RestPartnerShape } from "../rest-agency-simulator";
import { hubExpected, isoInstant, maskedPhone, stringList, text, withBeijingOffset } from "./shape-helpers";

const STATE = { RECEIVED: "NEW", ACKNOWLEDGED: "ACCEPTED", RESPONDED: "ANSWERED", RETURNED: "REJECTED" } as const;

export const womensFederationShape: RestPartnerShape = {
  delivery: z
    .strictObject({
      referralId: text,
      petitionNo: text,
      role: z.enum(["主办", "协办"]),
      type: text,
      womenChildrenRelated: z.boolean(),
      tags: stringList,
      brief: text,
      demand: text,
      location: text,
      expectations: hubExpected,
      dueDate: isoInstant,
      parties: z.array(z.strictObject({ fullName: text, maskedPhone })),
    })
    .transform((b) => b.referralId),
  renderStatus: (c) => ({
    ref: c.ref,
    state: STATE[c.stage],
    ...(c.acknowledgedAt ? { acceptedAt: withBeijingOffset(c.acknowledgedAt) } : {}),
    ...(c.response && c.respondedAt
      ? {
          answer: {
            content: c.response.opinion,
            actions: c.response.actionsTaken,
            attachments: c.response.attachments.map((a) => ({ title: a.name, mime: a.mimeType, bytes: a.sizeBytes, sha256: a.sha256.toUpperCase() })),
            answeredAt: withBeijingOffset(c.respondedAt),
          },
        }
      : {}),
    ...(c.returnReason ? { rejectReason: c.returnReason } : {}),
  }),
};
