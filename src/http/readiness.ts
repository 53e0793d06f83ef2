/** The answer of `/readyz`: `ok` only when every dependency answered in time; `checks` says which did not. */
export interface Readiness {
  ok: boolean;
  checks: Record<string, string>;
}

/** Default bound of one readiness probe: a load balancer's probe usually gives up after 2–5 s. */
export const READY_TIMEOUT_MS = 1_500;

/** Resolves to "ok", the dependency's error message, or "timeout after N ms" — never later than `ms`. */
function bounded(check: () => Promise<unknown>, ms: number): Promise<string> {
  return new Promise((resolve) => {
    // A stopped Redis (SIGSTOP) keeps its socket open and a dead database host never answers the connect:
    // neither fails by itself, so the probe decides when it has waited long enough.
    const timer = setTimeout(() => resolve(`timeout after ${ms} ms`), ms);
    Promise.resolve()
      .then(check)
      .then(
        () => resolve("ok"),
        (e: unknown) => resolve(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => clearTimeout(timer));
  });
}

/**
 * Builds the readiness probe over named dependency checks (e.g. `SELECT 1`, `PING`), run in parallel, each
 * bounded by `timeoutMs`, so `/readyz` answers within that time whatever the dependencies do.
 */
export function readinessProbe(checks: Record<string, () => Promise<unknown>>, timeoutMs = READY_TIMEOUT_MS): () => Promise<Readiness> {
  return async () => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((n) => bounded(checks[n], timeoutMs)));
    const out = Object.fromEntries(names.map((n, i) => [n, results[i]]));
    return { ok: results.every((r) => r === "ok"), checks: out };
  };
}
