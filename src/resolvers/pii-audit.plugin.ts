import { ApolloServerPlugin } from "@apollo/server";
import { DEFAULT_AUDIT, actorFacts } from "../commands/audit-scope";
import { AuditAction, AuditFacts, OUTCOME_OK } from "../domain/audit/audit-chain";
import { appendAudit } from "../db/audit-log";
import { PiiAccessEntity } from "../db/entities";
import { withTransaction } from "../db/transaction";
import type { HubContext } from "./context";

/**
 * Records every personal field returned in clear, before the response leaves the server: one `pii_access` row
 * (the per-petitioner index other views use) and one PII_READ entry in the hash-chained audit log per field read,
 * in one transaction. If that cannot be written, the response fails rather than leaking unaudited data.
 * The entry names the petitioner and the field, never the value.
 */
export const piiAuditPlugin: ApolloServerPlugin<HubContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue: ctx, operationName }) {
        await recordPiiReads(ctx, operationName ?? null);
      },
    };
  },
};

/** Writes the personal fields read in clear so far (see piiAuditPlugin) and clears them; subscriptions call it per event. */
export async function recordPiiReads(ctx: HubContext, operationName: string | null): Promise<void> {
  if (!ctx.piiReads?.length || !ctx.principal) return;
  const at = new Date();
  // The same field of the same petitioner read twice in one response (aliases) is one read.
  const reads = [...new Map(ctx.piiReads.map((r) => [`${r.petitionerId}:${r.field}`, r])).values()];
  const actor = actorFacts(ctx.principal);
  const facts: AuditFacts[] = reads.map((r) => ({
    ...actor,
    at,
    onBehalfOfOrgId: null,
    action: AuditAction.PII_READ,
    resourceType: "petitioner",
    resourceId: String(r.petitionerId),
    petitionId: r.petitionId,
    outcome: OUTCOME_OK,
    requestId: ctx.requestId,
    clientIp: ctx.clientIp ?? null,
    details: { field: r.field, ...(operationName ? { operation: operationName.slice(0, 100) } : {}) },
  }));
  await withTransaction(ctx.deps.db, async (em) => {
    await em.insert(PiiAccessEntity, reads.map((r) => ({ ...r, actor: actor.actorSubject, actorOrgId: actor.actorOrgId, requestId: ctx.requestId, at })));
    await appendAudit(em, facts, (ctx.deps.audit ?? DEFAULT_AUDIT).alg);
  });
  ctx.piiReads = [];
}
