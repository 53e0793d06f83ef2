import { Job, Queue, RateLimitError, UnrecoverableError } from "bullmq";
import { HubDeps } from "../../commands/command-context";
import { AgencyConnector, ConnectorError } from "../../connectors/agency-connector";
import { Principal } from "../../domain/access/principal";
import { ReferralState } from "../../domain/referrals/referral-terms";
import { deliveryJob } from "../contracts";
import { createDeliveryGroups, DeliveryGroups } from "../delivery-groups";

/**
 * Delivers one referral to its agency. Idempotent: a referral whose delivery is confirmed is skipped, and the referral id
 * is the idempotency key the partner dedupes on, so a job re-run after a crash between the partner's accept
 * and our bookkeeping creates nothing twice. Connector errors decide BullMQ's behaviour: permanent → fail at
 * once (kept, replayable); rate-limited → the agency's queue pauses for Retry-After without spending an attempt;
 * anything else → retry with exponential backoff.
 */
export function createDeliverReferralHandler(deps: HubDeps, connector: AgencyConnector, queue: Queue, system: Principal, groups: DeliveryGroups = createDeliveryGroups(deps)) {
  return async (job: Job): Promise<string> => {
    const d = deliveryJob.parse(job.data);
    // Read and recorded together with the process's other running jobs (delivery-groups.ts).
    const view = await groups.view(d.referralId);
    if (!view) throw new UnrecoverableError(`referral ${d.referralId} not found`);
    if (view.referral.externalRef || view.referral.state === ReferralState.RETURNED) return `skipped: ${view.referral.state}`;
    let externalRef: string;
    try {
      const receipt = await connector.deliver({
        referralId: String(view.referral.id),
        idempotencyKey: `referral-${view.referral.id}`,
        petitionNumber: view.petitionNumber,
        agencyCode: view.agencyCode,
        role: view.referral.role,
        category: view.category,
        specialGroups: view.specialGroups,
        summary: view.summary,
        request: view.request,
        localityName: view.localityName,
        expected: view.referral.expected,
        responseDueAt: view.referral.responseDueAt.toISOString(),
        petitioners: view.petitioners,
      });
      externalRef = receipt.externalRef;
    } catch (e) {
      if (!(e instanceof ConnectorError)) throw e;
      if (e.kind === "PERMANENT") throw new UnrecoverableError(`${view.agencyCode} refused the delivery: ${e.message}`);
      if (e.kind === "RATE_LIMITED") {
        await queue.rateLimit(e.retryAfterMs ?? 1000);
        throw new RateLimitError();
      }
      throw e;
    }
    // A compare-and-set against the row as read above (one UPDATE for the group); falls back to the locked command if it moved meanwhile.
    await groups.record({ ctx: { principal: system, requestId: `job:${job.id}` }, seen: view.referral, externalRef });
    return `delivered: ${externalRef}`;
  };
}
