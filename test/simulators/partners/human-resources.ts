/** 东营市人社局 (DY_RSJ): signed REST; `wageArrears` flag, Beijing local times, numeric status codes. */
import { z } from "zod";
import { RestPartnerShape } from "../rest-agency-simulator";
import { beijingLocal, hubExpected, maskedPhone, stringList, text } from "./shape-helpers";

const CODE = { RECEIVED: 0, ACKNOWLEDGED: 1, RESPONDED: 2, RETURNED: 9 } as const;
const local = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

export const humanResourcesShape: RestPartnerShape = {
  delivery: z
    .strictObject({
      sourceId: text,
      petitionNumber: text,
      leading: z.boolean(),
      category: text,
      wageArrears: z.boolean(),
      specialGroups: stringList,
      content: z.strictObject({ summary: text, request: text }),
      district: text,
      feedbackItems: hubExpected,
      deadline: local,
      workers: z.array(z.strictObject({ name: text, mobile: maskedPhone })),
    })
    .transform((b) => b.sourceId),
  renderStatus: (c) => ({
    ticket: c.ref,
    status: CODE[c.stage],
    handledAt: c.acknowledgedAt ? beijingLocal(c.acknowledgedAt) : null,
    result:
      c.response && c.respondedAt
        ? {
            opinion: c.response.opinion,
            measures: c.response.actionsTaken,
            docs: c.response.attachments.map((a) => ({ name: a.name, type: a.mimeType, length: a.sizeBytes, hash: a.sha256 })),
            time: beijingLocal(c.respondedAt),
          }
        : null,
    backReason: c.returnReason ?? null,
  }),
};
