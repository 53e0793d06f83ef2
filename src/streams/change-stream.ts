import type Redis from "ioredis";
import { DomainError } from "../domain/errors";
import { appendedKey, ChangeEvent, changesKey, ChangeRow, parseEntry } from "./change-event";

/** The cursor is older than the stream's retention, or not a cursor of this stream: the reader re-syncs with a query. */
export class CursorExpiredError extends DomainError {
  constructor(cursor: string, why: string) {
    super("CURSOR_EXPIRED", `cursor ${cursor.slice(0, 40)} ${why}: re-sync with a query (petitions, referrals), then follow changes from its newest cursor`, { cursor: cursor.slice(0, 40) });
  }
}

/** A subscriber fell too far behind: its buffer overflowed and it must re-sync. */
export class ResyncRequiredError extends DomainError {
  constructor(buffered: number) {
    super("RESYNC_REQUIRED", `this subscriber fell ${buffered} events behind: re-sync with a query, then subscribe again from its newest cursor`, { buffered });
  }
}

const HOUR_MS = 3_600_000;
/** Clocks of relays and readers differ a little: a cursor this close to the trim point already counts as expired. */
const CLOCK_MARGIN_MS = 60_000;

/**
 * Appends rows in order, each once: an outbox id already appended (a relay that died before marking its rows sent
 * relays them again) is skipped. Trims by time (`MINID ~`), which keeps every entry newer than the retention.
 */
const APPEND = `
local n = 0
for i = 3, #ARGV, 7 do
  if redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[i]) == 1 then
    redis.call('XADD', KEYS[1], 'MINID', '~', ARGV[1], '*', 'o', ARGV[i], 't', ARGV[i+1], 'a', ARGV[i+2], 'i', ARGV[i+3], 'p', ARGV[i+4], 'r', ARGV[i+5], 'c', ARGV[i+6])
    n = n + 1
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1])
return n`;

/** Reads and writes the change stream of one hub (queue prefix). */
export class ChangeStream {
  readonly key: string;
  private readonly retentionMs: number;

  constructor(
    readonly redis: Redis,
    readonly prefix: string,
    retentionHours = 72,
  ) {
    this.key = changesKey(prefix);
    this.retentionMs = retentionHours * HOUR_MS;
  }

  /** Appends relayed rows in the given order in one round trip; returns how many were new. */
  async append(rows: readonly ChangeRow[], now = new Date()): Promise<number> {
    if (!rows.length) return 0;
    const args: string[] = [String(now.getTime() - this.retentionMs), String(now.getTime())];
    for (const r of rows) args.push(r.outboxId, r.type, r.aggregateType, r.aggregateId, r.petitionId === null ? "" : String(r.petitionId), r.referralId === null ? "" : String(r.referralId), String(r.at.getTime()));
    return Number(await this.redis.eval(APPEND, 2, this.key, appendedKey(this.prefix), ...args));
  }

  /**
   * Checks a cursor: a stream entry id no older than the retention and not in the future. Every entry newer than the
   * trim point is kept (`MINID ~` only trims below it), so a cursor past it misses nothing.
   */
  assertCursor(cursor: string, now = Date.now()): void {
    const m = /^(\d{1,15})-(\d{1,15})$/.exec(cursor);
    if (!m) throw new CursorExpiredError(cursor, "is not a change cursor");
    const ms = Number(m[1]);
    if (ms < now - this.retentionMs + CLOCK_MARGIN_MS) throw new CursorExpiredError(cursor, `is older than the ${this.retentionMs / HOUR_MS} h retention`);
    if (ms > now + CLOCK_MARGIN_MS) throw new CursorExpiredError(cursor, "is not a cursor of this stream");
  }

  /** Entries strictly after `cursor` (validated), oldest first; without a cursor, from the oldest retained. */
  async after(cursor: string | null, count: number): Promise<ChangeEvent[]> {
    if (cursor !== null) this.assertCursor(cursor);
    const entries = (await this.redis.xrange(this.key, cursor === null ? "-" : `(${cursor}`, "+", "COUNT", count)) as [string, string[]][];
    return entries.map(parseEntry);
  }

  /** The newest entry id, or `0-0` for an empty stream. */
  async lastId(): Promise<string> {
    const [last] = (await this.redis.xrevrange(this.key, "+", "-", "COUNT", 1)) as [string, string[]][];
    return last?.[0] ?? "0-0";
  }
}

/** Orders two stream entry ids (`ms-seq`). */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number);
  const [bm, bs] = b.split("-").map(Number);
  return am - bm || as - bs;
}
