import { afterFailedAttempt, isDeliveryLost, schedulerNeedsRepair } from "../../src/domain/delivery/lost-work";

const at = (iso: string) => new Date(iso);

describe("isDeliveryLost: sent, still awaited, no job, older than the grace", () => {
  const now = at("2026-12-01T10:00:00.000Z");
  const grace = 60_000;
  // Sent 10:00:00.000 − 60 s − 1 ms = 09:58:59.999: just past the grace.
  const past = { sentAt: at("2026-12-01T09:58:59.999Z"), awaitingDelivery: true, jobExists: false };

  it("is lost just past the grace", () => expect(isDeliveryLost(past, now, grace)).toBe(true));
  it("is not lost exactly at the grace (the relay may still be marking it)", () => expect(isDeliveryLost({ ...past, sentAt: at("2026-12-01T09:59:00.000Z") }, now, grace)).toBe(false));
  it("is not lost while a job of its id exists in any state", () => expect(isDeliveryLost({ ...past, jobExists: true }, now, grace)).toBe(false));
  it("is not lost once delivered, returned or closed", () => expect(isDeliveryLost({ ...past, awaitingDelivery: false }, now, grace)).toBe(false));
  it("is not lost before the relay sent it (the relay owns it)", () => expect(isDeliveryLost({ ...past, sentAt: null }, now, grace)).toBe(false));
  it("with no grace, lost one millisecond after sending", () => expect(isDeliveryLost({ ...past, sentAt: at("2026-12-01T09:59:59.999Z") }, now, 0)).toBe(true));
  it("with no grace, not lost at the sending instant", () => expect(isDeliveryLost({ ...past, sentAt: now }, now, 0)).toBe(false));
});

describe("afterFailedAttempt: poison rows die after the configured attempts", () => {
  it("counts the attempt and stays alive below the limit", () => expect(afterFailedAttempt(0, 3)).toEqual({ attempts: 1, dead: false }));
  it("is alive one before the limit", () => expect(afterFailedAttempt(1, 3)).toEqual({ attempts: 2, dead: false }));
  it("dies on the attempt that reaches the limit", () => expect(afterFailedAttempt(2, 3)).toEqual({ attempts: 3, dead: true }));
  it("with a limit of one, the first failure is the last", () => expect(afterFailedAttempt(0, 1)).toEqual({ attempts: 1, dead: true }));
});

describe("schedulerNeedsRepair", () => {
  const now = at("2026-12-01T10:00:00.000Z");
  const every = 30_000;
  it("repairs a scheduler Redis no longer has (FLUSHALL)", () => expect(schedulerNeedsRepair(undefined, every, now)).toBe(true));
  it("leaves a healthy one alone", () => expect(schedulerNeedsRepair({ next: now.getTime() + 10_000, every }, every, now)).toBe(false));
  it("repairs one registered with another interval", () => expect(schedulerNeedsRepair({ next: now.getTime() + 10_000, every: 60_000 }, every, now)).toBe(true));
  // Two intervals overdue = 60 s: 09:59:00.000 is exactly that (still waiting for a busy worker), 09:58:59.999 is past it.
  it("leaves one exactly two intervals overdue alone", () => expect(schedulerNeedsRepair({ next: at("2026-12-01T09:59:00.000Z").getTime(), every }, every, now)).toBe(false));
  it("repairs one more than two intervals overdue (its next job was lost)", () => expect(schedulerNeedsRepair({ next: at("2026-12-01T09:58:59.999Z").getTime(), every }, every, now)).toBe(true));
  it("leaves one without a known next run or interval alone", () => expect(schedulerNeedsRepair({}, every, now)).toBe(false));
  it("treats a null interval as unknown", () => expect(schedulerNeedsRepair({ every: null, next: now.getTime() }, every, now)).toBe(false));
});
