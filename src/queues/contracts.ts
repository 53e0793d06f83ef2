import { z } from "zod";

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
