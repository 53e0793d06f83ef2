import { Queue } from "bullmq";
import { Logger } from "../platform/logger";
import { attachQueueLogging } from "./queue-logging";
import { redisOptions } from "./redis";

/** Creates each BullMQ queue once per process, with the hub's connection and key prefix. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redisUrl: string,
    readonly prefix: string,
    /** Where each queue's `error` goes (queue-logging.ts); without it Node prints the error on stderr. */
    private readonly log?: Logger,
  ) {}

  get(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: redisOptions(this.redisUrl), prefix: this.prefix });
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
