import { Queue, Worker } from "bullmq";
import { HubDeps } from "../commands/command-context";
import { sweepDeadlines } from "../commands/sweep-deadlines";
import { QUEUES, SWEEP_JOB } from "./contracts";
import { redisOptions } from "./redis";

/**
 * Registers the deadline sweep as a BullMQ job scheduler (one schedule however many workers run)
 * and processes it by calling the sweep command.
 */
export async function startMaintenance(deps: HubDeps, redisUrl: string, prefix: string, everyMs: number): Promise<{ queue: Queue; worker: Worker }> {
  const queue = new Queue(QUEUES.maintenance, { connection: redisOptions(redisUrl), prefix });
  await queue.upsertJobScheduler(SWEEP_JOB, { every: everyMs }, { name: SWEEP_JOB, opts: { removeOnComplete: 100, removeOnFail: 1000 } });
  const worker = new Worker(
    QUEUES.maintenance,
    async (job) => {
      if (job.name !== SWEEP_JOB) return null;
      const r = await sweepDeadlines(deps, new Date());
      if (r.red || r.yellow || r.lapsed) deps.log.info(r, "deadline sweep");
      return r;
    },
    { connection: redisOptions(redisUrl), prefix, concurrency: 1 },
  );
  worker.on("error", (err) => deps.log.error({ err }, "maintenance worker error"));
  return { queue, worker };
}
