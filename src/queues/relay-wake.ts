import Redis from "ioredis";
import { Logger } from "../platform/logger";
import { throttledErrorLog } from "./queue-logging";

/** The Redis channel on which processes without a relay announce committed outbox rows (one per QUEUE_PREFIX). */
export const relayWakeChannel = (prefix: string) => `${prefix}:outbox-wake`;

/**
 * Tells the relaying processes that outbox rows were committed: a Redis PUBLISH on the prefix's wake channel, so a
 * split API process (HUB_ROLE=api) does not leave its rows waiting up to RELAY_INTERVAL_MS for the worker's poll.
 * Commits within one event-loop turn share one PUBLISH. A wake carries no data and may be lost (no subscriber, Redis
 * away): the relay's poll stays the guarantee, the wake only makes it early.
 */
export class RelayWakePublisher {
  private pending = false;
  private readonly channel: string;
  private readonly onError: (err: unknown) => void;

  constructor(
    /** A command connection the process already has (PUBLISH does not put it in subscriber mode). */
    private readonly redis: Redis,
    prefix: string,
    log: Logger,
  ) {
    this.channel = relayWakeChannel(prefix);
    this.onError = throttledErrorLog(log, { component: "relay-wake" }, "relay wake not published; the relay's poll picks the rows up");
  }

  /** Announces a commit with outbox rows (call after COMMIT). */
  wake(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.redis.publish(this.channel, "1").catch(this.onError);
    });
  }
}

/**
 * Listens on the wake channel for a process that relays and calls `onWake` for each message. Subscriber mode needs a
 * connection of its own; it reconnects and resubscribes by itself (ioredis), and a wake missed meanwhile is covered by
 * the relay's poll.
 */
export class RelayWakeListener {
  private conn: Redis | null = null;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly onWake: () => void,
  ) {}

  /** Subscribes; resolves when Redis confirmed the subscription. */
  async start(): Promise<void> {
    const conn = new Redis(this.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
    conn.on("error", throttledErrorLog(this.log, { component: "relay-wake" }, "relay wake listener error; polling meanwhile"));
    conn.on("message", () => this.onWake());
    this.conn = conn;
    await conn.connect();
    await conn.subscribe(relayWakeChannel(this.prefix));
  }

  async stop(): Promise<void> {
    this.conn?.disconnect();
    this.conn = null;
  }
}
