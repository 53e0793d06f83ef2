/** The contract's published delivery retry schedule, as a pure function (docs/partners.md §Retries). */
import { DEFAULT_RETRY_SCHEDULE_MS, deliveryBackoff, parseRetrySchedule, retryDelayMs, scheduleSpanMs } from "../../src/queues/retry-schedule";

const MIN = 60_000;
const H = 60 * MIN;

describe("retryDelayMs", () => {
  it("waits 1m, 5m, 15m, 1h, 3h, 6h, 12h, 24h, 24h, 24h without jitter (random 0.5), then stops (-1)", () => {
    const waits = Array.from({ length: 11 }, (_, i) => retryDelayMs(i + 1, DEFAULT_RETRY_SCHEDULE_MS, 0.5));
    expect(waits).toEqual([1 * MIN, 5 * MIN, 15 * MIN, 1 * H, 3 * H, 6 * H, 12 * H, 24 * H, 24 * H, 24 * H, -1]);
  });

  it("applies ±20 % jitter: random 0 gives 0.8×, random → 1 gives 1.2×", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE_MS, 0)).toBe(48_000);
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE_MS, 0.999999)).toBe(72_000);
    expect(retryDelayMs(8, DEFAULT_RETRY_SCHEDULE_MS, 0)).toBe(19.2 * H);
  });

  it("spans at least 72 hours even with the shortest jitter (≈ 75.5 h … 113 h)", () => {
    const { min, max } = scheduleSpanMs();
    expect(min).toBeGreaterThanOrEqual(72 * H);
    expect(min).toBe(Math.round(94.35 * H * 0.8));
    expect(max).toBe(Math.round(94.35 * H * 1.2));
  });

  it("honours a longer Retry-After, never a shorter one", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE_MS, 0.5, 10 * MIN)).toBe(10 * MIN);
    expect(retryDelayMs(4, DEFAULT_RETRY_SCHEDULE_MS, 0.5, 10 * MIN)).toBe(1 * H);
  });

  it("stops for nonsense attempt counts", () => {
    expect([0, -1, 1.5].map((n) => retryDelayMs(n))).toEqual([-1, -1, -1]);
  });

  it("as BullMQ's backoff strategy reads the error's retryAfterMs", () => {
    const backoff = deliveryBackoff([1000, 2000]);
    const err = Object.assign(new Error("503"), { retryAfterMs: 30_000 });
    expect(backoff(1, "partner-contract", err)).toBe(30_000);
    expect(backoff(2)).toBeGreaterThanOrEqual(1600);
    expect(backoff(2)).toBeLessThanOrEqual(2400);
    expect(backoff(3)).toBe(-1);
  });
});

describe("parseRetrySchedule", () => {
  it("defaults to the published schedule and reads a compressed one", () => {
    expect(parseRetrySchedule(undefined)).toBe(DEFAULT_RETRY_SCHEDULE_MS);
    expect(parseRetrySchedule("300, 600")).toEqual([300, 600]);
    expect(() => parseRetrySchedule("0,5")).toThrow("DELIVERY_RETRY_SCHEDULE_MS");
    expect(() => parseRetrySchedule("1m")).toThrow("DELIVERY_RETRY_SCHEDULE_MS");
  });
});
