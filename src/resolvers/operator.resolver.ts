import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { noteAudit, noteAuditDetails } from "../commands/audit-scope";
import { NotFoundError } from "../domain/errors";
import { OrganizationEntity } from "../db/entities";
import { agencyBacklog } from "../db/referral-queries";
import { agencyQueue, deliveryJob } from "../queues/contracts";
import { AgencyBacklogType, FailedDeliveryType } from "../schema/referral.type";
import type { HubContext } from "./context";
import { requireQueues } from "./queue-access";

/** The bureau operators' view of the linkage: backlog per agency, failed deliveries, replay. */
@Resolver()
export class OperatorResolver {
  @Query(() => [AgencyBacklogType])
  async agencyBacklog(@Ctx() ctx: HubContext): Promise<AgencyBacklogType[]> {
    const rows = await agencyBacklog(ctx.deps.db, new Date());
    const orgs = await ctx.deps.db.getRepository(OrganizationEntity).find();
    return rows.map((r) => {
      const o = orgs.find((x) => x.id === r.agencyOrgId);
      return { ...r, agencyOrgId: String(r.agencyOrgId), agencyCode: o?.code ?? "?", agencyName: o?.name ?? "?" };
    });
  }

  @Query(() => [FailedDeliveryType], { description: "Deliveries that failed for good (permanent errors or exhausted retries)" })
  async failedDeliveries(@Ctx() ctx: HubContext): Promise<FailedDeliveryType[]> {
    const ops = requireQueues(ctx);
    const out: FailedDeliveryType[] = [];
    for (const code of ops.agencyCodes) {
      for (const job of await ops.queues.get(agencyQueue(code)).getFailed(0, 200)) {
        const d = deliveryJob.safeParse(job.data);
        out.push({ jobId: String(job.id), agencyCode: code, referralId: d.success ? String(d.data.referralId) : "?", failedReason: job.failedReason ?? "", attemptsMade: job.attemptsMade, failedAt: job.finishedOn ? new Date(job.finishedOn) : null });
      }
    }
    return out;
  }

  @Mutation(() => Boolean, { description: "Retry a failed delivery after the cause is fixed" })
  async replayFailedDelivery(@Arg("agencyCode") agencyCode: string, @Arg("jobId") jobId: string, @Ctx() ctx: HubContext): Promise<boolean> {
    const ops = requireQueues(ctx);
    if (!ops.agencyCodes.includes(agencyCode)) throw new NotFoundError("agency", agencyCode);
    const job = await ops.queues.get(agencyQueue(agencyCode)).getJob(jobId);
    if (!job || !(await job.isFailed())) throw new NotFoundError("failed delivery", jobId);
    const d = deliveryJob.safeParse(job.data);
    // Audited as DELIVERY_REPLAY (AUDIT_ACTIONS); the wrapper writes the entry once the retry is queued.
    noteAudit({ resourceType: "delivery", resourceId: `${agencyCode}:${jobId}` });
    noteAuditDetails({ referralId: d.success ? String(d.data.referralId) : null, attemptsMade: job.attemptsMade });
    await job.retry("failed");
    return true;
  }
}
