/**
 * Scripted misbehaviour of a simulated partner: failures, slowness, duplicate callbacks, send-backs. Used from
 * tests directly (`control.failNext(2, 503)`) or over HTTP (`POST /control`) by anything else.
 */
import { z } from "zod";

/** Extra options of {@link SimulatorControl.failNext}. */
export interface FailOptions {
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** The JSON body to answer with; `{ code: "SIMULATED_FAILURE" }` by default. Lets a test send a malformed 200. */
  body?: unknown;
}

/** One scripted answer that replaces real processing. */
export interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
  body?: unknown;
}

/** A value handed out for the next `n` requests (Infinity: until cleared). */
class Countdown<T> {
  private left = 0;
  private value: T | undefined;

  set(n: number, value: T): void {
    this.left = Math.max(0, n);
    this.value = value;
  }

  take(): T | undefined {
    if (this.left <= 0) return undefined;
    this.left -= 1;
    return this.value;
  }

  clear(): void {
    this.left = 0;
  }
}

/** Test-facing control of one simulator; the counters are per API request (control routes do not count). */
export class SimulatorControl {
  private readonly failures = new Countdown<ScriptedFailure>();
  private readonly delays = new Countdown<number>();
  private readonly returns = new Countdown<string>();
  private duplicates = false;

  /** @param onReset clears the simulator's cases and records as well. */
  constructor(private readonly onReset: () => void) {}

  /** Answers the next `n` API requests (Infinity: all, until reset) with `status` instead of processing them. */
  failNext(n: number, status: number, options: FailOptions = {}): void {
    this.failures.set(n, { status, ...options });
  }

  /** Holds the next `n` API requests for `ms` before processing them (they are still processed if the client gave up). */
  delayNext(n: number, ms: number): void {
    this.delays.set(n, ms);
  }

  /** Sends every callback to the hub twice. */
  duplicateCallbacks(on: boolean): void {
    this.duplicates = on;
  }

  /** Sends the next `n` new deliveries back (回退) with `reason` instead of signing for them. */
  returnNext(n: number, reason: string): void {
    this.returns.set(n, reason);
  }

  /** Back to a well-behaved, empty simulator: scripts, cases, callback records and the request count cleared. */
  reset(): void {
    this.failures.clear();
    this.delays.clear();
    this.returns.clear();
    this.duplicates = false;
    this.onReset();
  }

  /** The failure to answer this request with, if one is scripted (used by the simulator). */
  takeFailure(): ScriptedFailure | undefined {
    return this.failures.take();
  }

  /** How long to hold this request (used by the simulator). */
  takeDelay(): number {
    return this.delays.take() ?? 0;
  }

  /** The send-back reason for a new case, if one is scripted (used by the simulator). */
  takeReturn(): string | undefined {
    return this.returns.take();
  }

  /** Whether callbacks are sent twice (used by the simulator). */
  get callbacksDuplicated(): boolean {
    return this.duplicates;
  }

  /** Applies a `POST /control` command; see {@link controlCommand}. */
  apply(command: ControlCommand): void {
    const n = "n" in command ? (command.n === "Infinity" ? Infinity : command.n) : 0;
    switch (command.action) {
      case "failNext":
        return this.failNext(n, command.status, { retryAfterSeconds: command.retryAfterSeconds, body: command.body });
      case "delayNext":
        return this.delayNext(n, command.ms);
      case "returnNext":
        return this.returnNext(n, command.reason);
      case "duplicateCallbacks":
        return this.duplicateCallbacks(command.on);
      case "reset":
        return this.reset();
    }
  }
}

const count = z.union([z.number().int().positive(), z.literal("Infinity")]);

/** The JSON body of `POST /control`; `n` may be "Infinity" (JSON has no Infinity). */
export const controlCommand = z.discriminatedUnion("action", [
  z.object({ action: z.literal("failNext"), n: count, status: z.number().int().min(200).max(599), retryAfterSeconds: z.number().int().min(0).optional(), body: z.unknown().optional() }),
  z.object({ action: z.literal("delayNext"), n: count, ms: z.number().int().min(0) }),
  z.object({ action: z.literal("returnNext"), n: count, reason: z.string().min(1) }),
  z.object({ action: z.literal("duplicateCallbacks"), on: z.boolean() }),
  z.object({ action: z.literal("reset") }),
]);
export type ControlCommand = z.infer<typeof controlCommand>;
