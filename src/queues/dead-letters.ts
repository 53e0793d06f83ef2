/**
 * The dead-letter list of deliveries: failed jobs of the agency queues (never removed, Redis AOF), read and
 * replayed by the time they failed. Kept here, not in the resolver, so operators' tools share one reading.
 */
import { Job } from "bullmq";
import { agencyQueue, deliveryJob } from "./contracts";
import { QueueRegistry } from "./queue-registry";

/** One dead letter. */
export interface DeadLetter {
  jobId: string;
  agencyCode: string;
  referralId: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: Date;
  cause: "GONE" | "PERMANENT" | "EXHAUSTED";
}

/** Most dead letters read per agency in one call; a larger backlog is replayed in several time windows. */
export const DEAD_LETTER_SCAN_LIMIT = 5000;

function causeOf(job: Job): DeadLetter["cause"] {
  const reason = job.failedReason ?? "";
  if (/HTTP 410\b/.test(reason)) return "GONE";
  return /refused the delivery|not found/.test(reason) ? "PERMANENT" : "EXHAUSTED";
}

async function failedJobs(queues: QueueRegistry, code: string, from: Date, to: Date): Promise<Job[]> {
  const jobs = await queues.get(agencyQueue(code)).getFailed(0, DEAD_LETTER_SCAN_LIMIT - 1);
  return jobs.filter((j) => j.finishedOn !== undefined && j.finishedOn >= from.getTime() && j.finishedOn < to.getTime());
}

/** Dead letters of the given agencies that failed in [from, to), oldest first. */
export async function listDeadLetters(queues: QueueRegistry, agencyCodes: string[], from: Date, to: Date): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (const code of agencyCodes)
    for (const job of await failedJobs(queues, code, from, to)) {
      const d = deliveryJob.safeParse(job.data);
      out.push({ jobId: String(job.id), agencyCode: code, referralId: d.success ? String(d.data.referralId) : "?", failedReason: job.failedReason ?? "", attemptsMade: job.attemptsMade, failedAt: new Date(job.finishedOn!), cause: causeOf(job) });
    }
  return out.sort((a, b) => a.failedAt.getTime() - b.failedAt.getTime());
}

/**
 * Puts an agency's dead letters of [from, to) back on its queue (each starts the retry schedule afresh).
 * @returns the replayed jobs' ids
 */
export async function replayDeadLetters(queues: QueueRegistry, agencyCode: string, from: Date, to: Date): Promise<string[]> {
  const replayed: string[] = [];
  for (const job of await failedJobs(queues, agencyCode, from, to)) {
    await job.retry("failed", { resetAttemptsMade: true });
    replayed.push(String(job.id));
  }
  return replayed;
}
