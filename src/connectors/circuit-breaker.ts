/**
 * One opossum circuit breaker per connector. When a partner keeps failing, calls fail fast (RETRYABLE) instead of
 * tying up workers on timeouts; after `resetTimeoutMs` one trial call decides whether it closes again.
 */
import CircuitBreaker from "opossum";
import { ConnectorError } from "./agency-connector";

/** Breaker tuning; every field has a default. */
export interface CircuitOptions {
  /** Open when more than this share of calls in the window failed. Default 50. */
  errorThresholdPercentage?: number;
  /** Minimum calls in the window before the breaker may open. Default 5. */
  volumeThreshold?: number;
  /** Length of the rolling window. Default 10 000 ms. */
  windowMs?: number;
  /** How long the breaker stays open before a trial call. Default 30 000 ms. */
  resetTimeoutMs?: number;
}

/** Runs calls to one partner through a circuit breaker. */
export class ConnectorCircuit {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private readonly resetTimeoutMs: number;

  constructor(
    private readonly agencyCode: string,
    options: CircuitOptions = {},
  ) {
    this.resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
    this.breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      name: `agency-${agencyCode}`,
      // Timeouts are enforced by the request's AbortSignal, which also cancels the request; opossum's own timer would not.
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 5,
      rollingCountTimeout: options.windowMs ?? 10_000,
      rollingCountBuckets: 10,
      resetTimeout: this.resetTimeoutMs,
      // Only trouble on the partner's side counts: a 400 or a 429 says the partner is up and answering.
      errorFilter: (err: unknown) => !(err instanceof ConnectorError && err.kind === "RETRYABLE"),
    });
  }

  /** "CLOSED", "OPEN" or "HALF_OPEN", for health views. */
  get state(): "CLOSED" | "OPEN" | "HALF_OPEN" {
    if (this.breaker.halfOpen) return "HALF_OPEN";
    return this.breaker.opened ? "OPEN" : "CLOSED";
  }

  /**
   * Runs one call. An open breaker rejects it without calling the partner.
   * @throws ConnectorError whatever the call threw; RETRYABLE when the breaker is open.
   */
  async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(call)) as T;
    } catch (err) {
      if (err instanceof ConnectorError) throw err;
      if ((err as { code?: string }).code === "EOPENBREAKER")
        throw new ConnectorError("RETRYABLE", `circuit open for ${this.agencyCode}: recent calls failed, not calling it`, this.resetTimeoutMs, undefined, { cause: err });
      throw new ConnectorError("RETRYABLE", `${this.agencyCode} call failed: ${err instanceof Error ? err.message : String(err)}`, undefined, undefined, { cause: err });
    }
  }

  /** Stops the breaker's window timers. */
  shutdown(): void {
    this.breaker.shutdown();
  }
}
