/**
 * A simulated agency calling the hub's GraphQL with its own bearer token, as a partner system with a callback
 * integration would: acknowledge (签收), respond, send back (回退). Retries like a real client on 5xx, 429 and
 * unreachable hub; gives up at once on the hub's coded refusals.
 */
import { CallbackRecord, SimResponse } from "./simulator-types";
import { sleep } from "./http-util";

const RESPOND = "mutation($id: ID!, $input: ReferralResponseInput!) { respondToReferral(id: $id, input: $input) { id state } }";
const RETURN = "mutation($id: ID!, $reason: String!) { returnReferral(id: $id, reason: $reason) { id state } }";

/** How many times one callback is tried before the simulator gives up on it. */
const ATTEMPTS = 4;

/** Sends callbacks to one hub and keeps a record of every attempt. */
export class HubCallbacks {
  private readonly abort = new AbortController();

  /** @param records where every attempt is appended (shared, so a reconnect keeps the history). */
  constructor(
    private readonly hubUrl: string,
    private readonly token: string,
    private readonly records: CallbackRecord[],
  ) {}

  acknowledge(referralId: string): Promise<void> {
    // Inlined literal as the hub's examples write it; JSON string escaping is valid GraphQL string escaping.
    return this.send("ACKNOWLEDGE", referralId, `mutation { acknowledgeReferral(id: ${JSON.stringify(referralId)}) { id state } }`, {});
  }

  respond(referralId: string, response: SimResponse): Promise<void> {
    return this.send("RESPOND", referralId, RESPOND, { id: referralId, input: response });
  }

  returnReferral(referralId: string, reason: string): Promise<void> {
    return this.send("RETURN", referralId, RETURN, { id: referralId, reason });
  }

  /** Stops retries and in-flight calls. */
  stop(): void {
    this.abort.abort();
  }

  private async send(kind: CallbackRecord["kind"], referralId: string, query: string, variables: Record<string, unknown>): Promise<void> {
    for (let attempt = 1; attempt <= ATTEMPTS && !this.abort.signal.aborted; attempt++) {
      const record = await this.post(kind, referralId, attempt, query, variables);
      if (this.abort.signal.aborted) return; // stopped or reset meanwhile: the record belongs to a forgotten case
      this.records.push(record);
      const retry = record.status === 0 || record.status === 429 || record.status >= 500 || record.errorCodes.includes("INTERNAL_SERVER_ERROR");
      if (!retry) return;
      await sleep(200 * 2 ** (attempt - 1));
    }
  }

  private async post(kind: CallbackRecord["kind"], referralId: string, attempt: number, query: string, variables: Record<string, unknown>): Promise<CallbackRecord> {
    const at = new Date().toISOString();
    try {
      const res = await fetch(this.hubUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(5000)]),
      });
      const body = (await res.json().catch(() => ({}))) as { errors?: { extensions?: { code?: string } }[] };
      const errorCodes = (body.errors ?? []).map((e) => e.extensions?.code ?? "NO_CODE");
      return { kind, referralId, attempt, status: res.status, errorCodes, at };
    } catch {
      return { kind, referralId, attempt, status: 0, errorCodes: [], at };
    }
  }
}
