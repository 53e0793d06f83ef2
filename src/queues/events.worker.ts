import { Job, Worker } from "bullmq";
import { Logger } from "../platform/logger";
import { eventJob, EventJob, QUEUES } from "./contracts";
import { attachQueueLogging } from "./queue-logging";
import { redisOptions } from "./redis";

/** A consumer of relayed domain events; must be idempotent by business key (delivery is at least once). */
export type EventHandler = (event: EventJob) => Promise<void>;

/**
 * Processes the events queue: validates each job against the contract, then runs every handler registered
 * for its type. Later features (agency referrals, dashboards, alerts) register handlers here.
 */
export function startEventsWorker(redisUrl: string, prefix: string, log: Logger, handlers: Record<string, EventHandler[]>, concurrency = 20): Worker {
  const worker = new Worker(
    QUEUES.events,
    async (job: Job) => {
      const event = eventJob.parse(job.data);
      for (const h of handlers[event.type] ?? []) await h(event);
      return event.outboxId;
    },
    { connection: redisOptions(redisUrl), prefix, concurrency },
  );
  worker.on("failed", (job, err) => log.warn({ jobId: job?.id, err }, "event job failed"));
  attachQueueLogging(worker, log);
  return worker;
}
