/**
 * The dead-letter list of deliveries: failed jobs of the agency queues (never removed, Redis AOF), read and
 * replayed by the time they failed. Kept here, not in the resolver, so operators' tools share one reading.
 */
import { Job } from "bullmq";
import { DataSource } from "typeorm";
import { deadOutboxRows } from "../db/outbox-queries";
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
  /** UNROUTABLE: an outbox row the relay could not parse or route, dead-lettered after its attempts (never enqueued). */
  cause: "GONE" | "PERMANENT" | "EXHAUSTED" | "UNROUTABLE";
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

/** The agency a poison row names, if its payload can be read at all. */
function agencyOf(payload: string): string | null {
  try {
    const p = JSON.parse(payload) as { agencyCode?: unknown };
    return typeof p?.agencyCode === "string" ? p.agencyCode : null;
  } catch {
    return null;
  }
}

/**
 * Outbox rows the relay dead-lettered in [from, to) (they never reached a queue), as dead letters with cause
 * UNROUTABLE; with `agencyCode`, only rows naming that agency. Fixed rows are put back by clearing `deadAt`.
 */
export async function listDeadOutboxRows(db: DataSource, from: Date, to: Date, agencyCode: string | null): Promise<DeadLetter[]> {
  const rows = await deadOutboxRows(db, from, to, DEAD_LETTER_SCAN_LIMIT);
  return rows
    .map((r) => ({ r, agency: agencyOf(r.payload) }))
    .filter(({ agency }) => !agencyCode || agency === agencyCode)
    .map(({ r, agency }) => ({ jobId: `ob-${r.id}`, agencyCode: agency ?? "?", referralId: r.aggregateType === "referral" ? r.aggregateId : "?", failedReason: `${r.type}: ${r.lastError ?? "unroutable"}`, attemptsMade: r.attempts, failedAt: r.deadAt, cause: "UNROUTABLE" as const }));
}
