import { Worker } from "bullmq";
import { HubDeps } from "../commands/command-context";
import { AgencyConnector } from "../connectors/agency-connector";
import { Principal } from "../domain/access/principal";
import { agencyQueue } from "./contracts";
import { createDeliverReferralHandler } from "./handlers/deliver-referral.handler";
import { QueueRegistry } from "./queue-registry";
import { redisOptions } from "./redis";

/** One delivery worker per configured agency; the agency's rate limit (if any) becomes the queue's limiter. */
export function startAgencyWorkers(
  deps: HubDeps,
  queues: QueueRegistry,
  redisUrl: string,
  connectors: Map<string, AgencyConnector>,
  rateLimits: Map<string, number | undefined>,
  system: Principal,
): Worker[] {
  return [...connectors.entries()].map(([code, connector]) => {
    const name = agencyQueue(code);
    const perSecond = rateLimits.get(code);
    const worker = new Worker(name, createDeliverReferralHandler(deps, connector, queues.get(name), system), {
      connection: redisOptions(redisUrl),
      prefix: queues.prefix,
      concurrency: 10,
      limiter: perSecond ? { max: perSecond, duration: 1000 } : undefined,
    });
    worker.on("failed", (job, err) => deps.log.warn({ agency: code, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "delivery attempt failed"));
    worker.on("error", (err) => deps.log.error({ err, agency: code }, "agency worker error"));
    return worker;
  });
}
