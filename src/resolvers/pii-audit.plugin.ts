import { ApolloServerPlugin } from "@apollo/server";
import { PiiAccessEntity } from "../db/entities";
import type { HubContext } from "./context";

/**
 * Writes one audit row per personal field returned in clear, before the response leaves the server:
 * if the audit cannot be written, the response fails rather than leaking unaudited data.
 */
export const piiAuditPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue: ctx }) {
        if (!ctx.piiReads?.length || !ctx.principal) return;
        const at = new Date();
        await ctx.deps.db.getRepository(PiiAccessEntity).insert(
          ctx.piiReads.map((r) => ({ ...r, actor: ctx.principal!.subject, actorOrgId: ctx.principal!.orgId, requestId: ctx.requestId, at })),
        );
        ctx.piiReads = [];
      },
    };
  },
};
