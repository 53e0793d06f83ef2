/**
 * The simulated partner's case records: one case per idempotency key, advanced by timers (签收 after
 * ackDelayMs, answer after respondDelayMs) and, in callback mode, reported to the hub as it advances.
 */
import { createHash } from "node:crypto";
import { HubCallbacks } from "./hub-callback";
import { SimulatorControl } from "./simulator-control";
import { CallbackRecord, Delivery, SimCase, SimResponse, SimulatorBehaviour } from "./simulator-types";

/** A plausible answer with one attachment's metadata. */
export function defaultResponse(agencyCode: string): SimResponse {
  const content = `${agencyCode} 办理意见书`;
  return {
    opinion: "经会同属地核实，信访人反映情况属实，符合帮扶条件，已纳入救助并书面告知信访人。",
    actionsTaken: "上门走访一次，协调落实临时救助。",
    attachments: [{ name: "办理意见书.pdf", mimeType: "application/pdf", sizeBytes: 48_213, sha256: createHash("sha256").update(content).digest("hex") }],
  };
}

/** Outcome of recording a delivery. */
export type ReceiveOutcome = { case: SimCase; duplicate: boolean } | { conflict: string };

let refSeq = 0;

/** Cases of one simulated agency. */
export class CaseBook {
  private readonly byKey = new Map<string, SimCase>();
  private readonly byRef = new Map<string, SimCase>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly callbackRecords: CallbackRecord[] = [];
  /** The last callback of each case, so the next one waits for it. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private callbacks: HubCallbacks | null = null;
  private hub: { url: string; token: string } | null = null;

  constructor(
    private readonly behaviour: SimulatorBehaviour,
    private readonly control: SimulatorControl,
  ) {
    if (behaviour.callback !== "graphql") return;
    if (!behaviour.hubUrl || !behaviour.hubToken) throw new Error(`${behaviour.agencyCode} simulator: callback "graphql" needs hubUrl and hubToken`);
    this.connectHub(behaviour.hubUrl, behaviour.hubToken);
  }

  /** Starts calling the hub back from now on (a hub started after its simulators learns their URLs first). */
  connectHub(hubUrl: string, hubToken: string): void {
    this.callbacks?.stop();
    this.hub = { url: hubUrl, token: hubToken };
    this.callbacks = new HubCallbacks(hubUrl, hubToken, this.callbackRecords);
  }

  /**
   * Records a delivery, or finds the case already recorded under its idempotency key. A key reused for another
   * referral is a conflict (the hub has a bug), as payment APIs treat a reused key with other parameters.
   */
  receive(referralId: string, idempotencyKey: string, body: unknown): ReceiveOutcome {
    const existing = this.byKey.get(idempotencyKey);
    if (existing) return existing.referralId === referralId ? { case: existing, duplicate: true } : { conflict: `idempotency key already used for another referral` };
    refSeq += 1;
    const c: SimCase = {
      ref: `${this.behaviour.agencyCode}-${Date.now().toString(36)}-${String(refSeq).padStart(4, "0")}`,
      referralId,
      idempotencyKey,
      body,
      receivedAt: new Date().toISOString(),
      stage: "RECEIVED",
    };
    this.byKey.set(idempotencyKey, c);
    this.byRef.set(c.ref, c);
    this.schedule(c, this.control.takeReturn());
    return { case: c, duplicate: false };
  }

  find(ref: string): SimCase | undefined {
    return this.byRef.get(ref);
  }

  /** Snapshots of every case, oldest first. */
  received(): Delivery[] {
    return [...this.byKey.values()].map((c) => structuredClone(c));
  }

  /** Every callback attempt so far. */
  callbackLog(): CallbackRecord[] {
    return [...this.callbackRecords];
  }

  /** Forgets every case and pending timer. */
  clear(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.byKey.clear();
    this.byRef.clear();
    this.inFlight.clear();
    this.callbackRecords.length = 0;
    // Callbacks still running belong to forgotten cases: abandon them with their client.
    if (this.hub) this.connectHub(this.hub.url, this.hub.token);
  }

  stop(): void {
    this.clear();
    this.callbacks?.stop();
    this.callbacks = null;
  }

  private schedule(c: SimCase, returnReason: string | undefined): void {
    const { ackDelayMs, respondDelayMs } = this.behaviour;
    this.after(ackDelayMs, () => {
      if (returnReason) {
        Object.assign(c, { stage: "RETURNED", returnReason });
        this.notify(c, (cb) => cb.returnReferral(c.referralId, returnReason));
      } else {
        Object.assign(c, { stage: "ACKNOWLEDGED", acknowledgedAt: new Date().toISOString() });
        this.notify(c, (cb) => cb.acknowledge(c.referralId));
      }
    });
    if (returnReason) return;
    this.after(Math.max(ackDelayMs, respondDelayMs), () => {
      if (c.stage !== "ACKNOWLEDGED") return;
      const response = this.behaviour.response ?? defaultResponse(this.behaviour.agencyCode);
      Object.assign(c, { stage: "RESPONDED", respondedAt: new Date().toISOString(), response });
      this.notify(c, (cb) => cb.respond(c.referralId, response));
    });
  }

  private after(ms: number, fn: () => void): void {
    if (!Number.isFinite(ms)) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /**
   * Callbacks run in the background, as a partner's outbound integration would, but in order per case: an answer
   * never overtakes the acknowledgement it follows, even while that is being retried. A duplicate follows the first.
   */
  private notify(c: SimCase, call: (cb: HubCallbacks) => Promise<void>): void {
    const cb = this.callbacks;
    if (!cb) return;
    const twice = this.control.callbacksDuplicated;
    const previous = this.inFlight.get(c.ref) ?? Promise.resolve();
    const next = previous.then(async () => {
      await call(cb);
      if (twice) await call(cb);
    });
    this.inFlight.set(c.ref, next);
  }
}
