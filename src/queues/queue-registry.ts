import { Queue } from "bullmq";
import { Logger } from "../platform/logger";
import { attachQueueLogging } from "./queue-logging";
import { producerRedisOptions } from "./redis";

/** Creates each BullMQ queue once per process, with the hub's connection and key prefix. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redisUrl: string,
    readonly prefix: string,
    /** Where each queue's `error` goes (queue-logging.ts); without it Node prints the error on stderr. */
    private readonly log?: Logger,
    /** Every producer command fails after this long instead of waiting for a stalled Redis forever. */
    private readonly commandTimeoutMs = 5_000,
  ) {}

  get(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: producerRedisOptions(this.redisUrl, this.commandTimeoutMs), prefix: this.prefix });
      if (this.log) attachQueueLogging(q, this.log);
      this.queues.set(name, q);
    }
    return q;
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
