/** 东营市退役军人事务局 (DY_TYJR): GraphQL; `veteranRelated` flag, idempotency key as `requestKey`. */
import { z } from "zod";
import { GraphqlPartnerShape } from "../graphql-agency-simulator";
import { isoInstant } from "./shape-helpers";

const STAGE = { RECEIVED: "RECEIVED", ACKNOWLEDGED: "SIGNED", RESPONDED: "ANSWERED", RETURNED: "SENT_BACK" } as const;

export const veteransAffairsShape: GraphqlPartnerShape = {
  sdl: /* GraphQL */ `
    enum HandlingRole { LEAD ASSIST }
    enum CaseStage { RECEIVED SIGNED ANSWERED SENT_BACK }
    input PetitionerIn { name: String!, phone: String }
    input VeteranReferralInput {
      hubReferralId: ID!, requestKey: String!, petitionNo: String!, role: HandlingRole!, category: String!,
      veteranRelated: Boolean!, groups: [String!]!, summary: String!, request: String!, locality: String!,
      expected: [String!]!, respondBy: String!, petitioners: [PetitionerIn!]!
    }
    type Receipt { ref: ID!, duplicate: Boolean! }
    type Attachment { fileName: String!, mimeType: String!, size: Int!, sha256: String, url: String }
    type Answer { opinion: String!, measures: String, attachments: [Attachment!]!, answeredAt: String! }
    type CaseStatus { ref: ID!, stage: CaseStage!, signedAt: String, answer: Answer, sendBackReason: String }
    type Query { referralStatus(ref: ID!): CaseStatus }
    type Mutation { receiveReferral(input: VeteranReferralInput!): Receipt! }
  `,
  // A rule GraphQL types cannot say: the due date must be a real instant.
  input: z
    .object({ hubReferralId: z.string().min(1), requestKey: z.string().min(1), respondBy: isoInstant })
    .transform((i) => ({ referralId: i.hubReferralId, idempotencyKey: i.requestKey })),
  renderStatus: (c) => ({
    ref: c.ref,
    stage: STAGE[c.stage],
    signedAt: c.acknowledgedAt ?? null,
    answer:
      c.response && c.respondedAt
        ? {
            opinion: c.response.opinion,
            measures: c.response.actionsTaken,
            attachments: c.response.attachments.map((a) => ({ fileName: a.name, mimeType: a.mimeType, size: a.sizeBytes, sha256: a.sha256, url: null })),
            answeredAt: c.respondedAt,
          }
        : null,
    sendBackReason: c.returnReason ?? null,
  }),
};
