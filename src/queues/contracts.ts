import type { JobsOptions } from "bullmq";
import { z } from "zod";
import { MAX_DELIVERY_ATTEMPTS } from "./retry-schedule";

/** Queue names, declared once. */
export const QUEUES = {
  /** Domain events relayed from the outbox; consumers fan out from here. */
  events: "hub-events",
  /** Periodic maintenance jobs (deadline sweep). */
  maintenance: "hub-maintenance",
} as const;

/** The payload of every job on the events queue; checked when enqueued and when processed. */
export const eventJob = z.object({
  outboxId: z.string().regex(/^\d+$/),
  type: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type EventJob = z.infer<typeof eventJob>;

/** BullMQ refuses integer custom ids, so the outbox id is prefixed; the mapping is 1:1 and gives dedupe on re-relay. */
export const eventJobId = (outboxId: string) => `ob-${outboxId}`;

export const SWEEP_JOB = "deadline-sweep";

/** One delivery queue per agency: its own rate limit, retries and failures, so one slow partner never holds up another. */
export const agencyQueue = (agencyCode: string) => `agency-${agencyCode}`;

/** The payload of a delivery job; checked when enqueued and when processed. */
export const deliveryJob = z.object({
  outboxId: z.string().regex(/^\d+$/),
  referralId: z.number().int().positive(),
  agencyCode: z.string().min(1),
  requestedAt: z.string(),
});
export type DeliveryJob = z.infer<typeof deliveryJob>;

/** Where a relayed outbox row goes: the routing table, declared once. */
export function routeOutboxRow(row: { id: string; type: string; payload: Record<string, unknown>; createdAt: string }, event: EventJob): { queue: string; data: EventJob | DeliveryJob; opts: JobsOptions } {
  if (row.type === "referral.delivery-requested") {
    const data = deliveryJob.parse({ outboxId: row.id, referralId: row.payload.referralId, agencyCode: row.payload.agencyCode, requestedAt: row.createdAt });
    return { queue: agencyQueue(data.agencyCode), data, opts: DELIVERY_JOB_OPTIONS };
  }
  return { queue: QUEUES.events, data: event, opts: EVENT_JOB_OPTIONS };
}

const HOUR_S = 3_600;

/**
 * Completed jobs are kept an hour: long enough for a relay that died between adding and marking to re-add the
 * same job id and have BullMQ recognise it; handlers are idempotent anyway. A week cost ~8 KB of Redis per event.
 */
export const EVENT_JOB_OPTIONS: JobsOptions = { attempts: 5, backoff: { type: "exponential", delay: 500 }, removeOnComplete: { age: HOUR_S, count: 100_000 }, removeOnFail: { age: 28 * 24 * HOUR_S } };

/**
 * Deliveries retry on the contract's published schedule (retry-schedule.ts, ≈ 94 h with jitter): the agency
 * worker's backoff strategy decides each wait and ends the retries, so `attempts` is only an upper bound.
 * Failed jobs are never removed: they are the dead-letter list operators query and replay by time range.
 */
export const DELIVERY_JOB_OPTIONS: JobsOptions = { attempts: MAX_DELIVERY_ATTEMPTS, backoff: { type: "partner-contract" }, removeOnComplete: { age: HOUR_S, count: 100_000 }, removeOnFail: false };
