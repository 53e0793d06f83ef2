import { Worker } from "bullmq";
import { HubDeps } from "../commands/command-context";
import { AgencyConnector } from "../connectors/agency-connector";
import { Principal } from "../domain/access/principal";
import { agencyQueue } from "./contracts";
import { createDeliveryGroups } from "./delivery-groups";
import { createDeliverReferralHandler } from "./handlers/deliver-referral.handler";
import { QueueRegistry } from "./queue-registry";
import { attachQueueLogging } from "./queue-logging";
import { redisOptions } from "./redis";
import { DEFAULT_RETRY_SCHEDULE_MS, deliveryBackoff } from "./retry-schedule";

/** One delivery worker per configured agency; the agency's rate limit (if any) becomes the queue's limiter. */
export function startAgencyWorkers(
  deps: HubDeps,
  queues: QueueRegistry,
  redisUrl: string,
  connectors: Map<string, AgencyConnector>,
  rateLimits: Map<string, number | undefined>,
  system: Principal,
  timing: { lockMs: number; stalledCheckMs: number; retryScheduleMs?: readonly number[]; concurrency?: number },
): Worker[] {
  // One set of groups for all agencies: the more concurrent jobs share a round trip, the fewer statements each.
  const groups = createDeliveryGroups(deps);
  return [...connectors.entries()].map(([code, connector]) => {
    const name = agencyQueue(code);
    const perSecond = rateLimits.get(code);
    const worker = new Worker(name, createDeliverReferralHandler(deps, connector, queues.get(name), system, groups), {
      connection: redisOptions(redisUrl),
      prefix: queues.prefix,
      concurrency: timing.concurrency ?? 10,
      // A worker killed mid-job loses its lock after lockMs; the next stalled check puts the job back.
      lockDuration: timing.lockMs,
      stalledInterval: timing.stalledCheckMs,
      // Always a limiter: BullMQ honours a manual queue.rateLimit (a partner's 429 Retry-After) only on limited
      // workers. Without a configured rate the limit is set far above what one partner could take.
      limiter: { max: perSecond ?? 100_000, duration: 1000 },
      // The contract's published retry schedule with jitter; -1 after the last retry makes the job a dead letter.
      settings: { backoffStrategy: deliveryBackoff(timing.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS) },
    });
    worker.on("failed", (job, err) => deps.log.warn({ agency: code, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "delivery attempt failed"));
    attachQueueLogging(worker, deps.log, { agency: code });
    return worker;
  });
}
