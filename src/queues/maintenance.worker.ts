import { Queue, Worker } from "bullmq";
import { Logger } from "../platform/logger";
import { QUEUES } from "./contracts";
import { attachQueueLogging } from "./queue-logging";
import { producerRedisOptions, redisOptions } from "./redis";
import { PeriodicTask, registerScheduler, SchedulerGuard } from "./scheduler-guard";

export type { PeriodicTask } from "./scheduler-guard";

/**
 * Registers the periodic tasks (deadline sweep, agency polling, reconciler) as job schedulers and processes them;
 * the returned guard registers again any scheduler Redis loses (scheduler-guard.ts).
 */
export async function startMaintenance(redisUrl: string, prefix: string, tasks: PeriodicTask[], log: Logger, commandTimeoutMs = 5_000): Promise<{ queue: Queue; worker: Worker; guard: SchedulerGuard }> {
  const queue = attachQueueLogging(new Queue(QUEUES.maintenance, { connection: producerRedisOptions(redisUrl, commandTimeoutMs), prefix }), log);
  for (const t of tasks) await registerScheduler(queue, t);
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
  // A task that throws (the database gone, a bug) fails its job; without this nobody would hear of it.
  worker.on("failed", (job, err) => log.error({ task: job?.name, jobId: job?.id, err }, "periodic task failed"));
  return { queue, worker, guard: new SchedulerGuard(queue, tasks, log, commandTimeoutMs) };
}
