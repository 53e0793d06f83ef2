/** 胜利油田 (SL_YT): GraphQL; `externalId`, `dedupKey`, `isLead`; a case is CLAIMED when signed for. */
import { z } from "zod";
import { GraphqlPartnerShape } from "../graphql-agency-simulator";
import { isoInstant } from "./shape-helpers";

const STATUS = { RECEIVED: "REGISTERED", ACKNOWLEDGED: "CLAIMED", RESPONDED: "REPLIED", RETURNED: "REJECTED" } as const;

export const shengliOilfieldShape: GraphqlPartnerShape = {
  sdl: /* GraphQL */ `
    enum ProgressStatus { REGISTERED CLAIMED REPLIED REJECTED }
    input ContactIn { contactName: String!, contactPhone: String }
    input OilfieldCaseInput {
      externalId: ID!, dedupKey: String!, petitionNumber: String!, isLead: Boolean!, category: String!,
      tags: [String!]!, description: String!, demand: String!, site: String!, expectedReplies: [String!]!,
      deadline: String!, contacts: [ContactIn!]!
    }
    type Receipt { ref: ID!, duplicate: Boolean! }
    type File { name: String!, contentType: String!, bytes: Int!, sha256: String, link: String }
    type Reply { text: String!, measures: String, at: String!, files: [File!]! }
    type CaseProgress { ref: ID!, status: ProgressStatus!, claimedAt: String, reply: Reply, rejectReason: String }
    type Query { referralStatus(ref: ID!): CaseProgress }
    type Mutation { receiveReferral(input: OilfieldCaseInput!): Receipt! }
  `,
  input: z
    .object({ externalId: z.string().min(1), dedupKey: z.string().min(1), deadline: isoInstant })
    .transform((i) => ({ referralId: i.externalId, idempotencyKey: i.dedupKey })),
  renderStatus: (c) => ({
    ref: c.ref,
    status: STATUS[c.stage],
    claimedAt: c.acknowledgedAt ?? null,
    reply:
      c.response && c.respondedAt
        ? {
            text: c.response.opinion,
            measures: c.response.actionsTaken,
            at: c.respondedAt,
            files: c.response.attachments.map((a) => ({ name: a.name, contentType: a.mimeType, bytes: a.sizeBytes, sha256: a.sha256, link: null })),
          }
        : null,
    rejectReason: c.returnReason ?? null,
  }),
};
