import { Queue, Worker } from "bullmq";
import { Logger } from "../platform/logger";
import { QUEUES } from "./contracts";
import { attachQueueLogging } from "./queue-logging";
import { redisOptions } from "./redis";

/** A periodic job: registered once as a BullMQ job scheduler, however many workers run. */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** Registers the periodic tasks (deadline sweep, agency polling) as job schedulers and processes them. */
export async function startMaintenance(redisUrl: string, prefix: string, tasks: PeriodicTask[], log: Logger): Promise<{ queue: Queue; worker: Worker }> {
  const queue = attachQueueLogging(new Queue(QUEUES.maintenance, { connection: redisOptions(redisUrl), prefix }), log);
  for (const t of tasks) await queue.upsertJobScheduler(t.name, { every: t.everyMs }, { name: t.name, opts: { removeOnComplete: 100, removeOnFail: 1000 } });
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const worker = new Worker(
    QUEUES.maintenance,
    async (job) => {
      const result = await byName.get(job.name)?.run();
      if (result && typeof result === "object" && Object.values(result).some((v) => typeof v === "number" && v > 0)) log.info({ task: job.name, ...result }, "periodic task");
      return result ?? null;
    },
    { connection: redisOptions(redisUrl), prefix, concurrency: 1 },
  );
  attachQueueLogging(worker, log);
  return { queue, worker };
}
