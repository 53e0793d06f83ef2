/**
 * What every agency simulator holds, whatever its protocol: cases (one per idempotency key) in the hub's terms,
 * rendered into each partner's own shape only at its API.
 */

/** Where a case stands in the simulated partner system. */
export type SimStage = "RECEIVED" | "ACKNOWLEDGED" | "RESPONDED" | "RETURNED";

/** The answer a simulated agency gives. */
export interface SimResponse {
  opinion: string;
  actionsTaken: string;
  attachments: { name: string; mimeType: string; sizeBytes: number; sha256: string }[];
}

/** One referral as the simulated partner recorded it. */
export interface SimCase {
  /** The partner's reference, returned on delivery. */
  ref: string;
  /** The hub's referral id, quoted in callbacks. */
  referralId: string;
  idempotencyKey: string;
  /** The delivery exactly as the partner received it (its own shape). */
  body: unknown;
  receivedAt: string;
  stage: SimStage;
  acknowledgedAt?: string;
  respondedAt?: string;
  response?: SimResponse;
  returnReason?: string;
}

/** A delivery as `received()` reports it: a snapshot of the case. */
export type Delivery = SimCase;

/** One callback attempt to the hub. */
export interface CallbackRecord {
  kind: "ACKNOWLEDGE" | "RESPOND" | "RETURN";
  referralId: string;
  attempt: number;
  /** HTTP status, or 0 when the hub could not be reached. */
  status: number;
  /** The hub's GraphQL errors' codes, if any. */
  errorCodes: string[];
  at: string;
}

/** Timing and callbacks shared by both simulator kinds. */
export interface SimulatorBehaviour {
  agencyCode: string;
  /** The hub's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  hubUrl?: string;
  /** The agency's own bearer token for the hub. */
  hubToken?: string;
  /** `graphql`: call the hub's mutations (needs hubUrl and hubToken); `none`: only advance the status. Default `none`. */
  callback?: "graphql" | "none";
  /** Time from receipt to 签收; Infinity never signs for it. */
  ackDelayMs: number;
  /** Time from receipt to the answer (never before the acknowledgement); Infinity never answers. */
  respondDelayMs: number;
  /** The answer to give; a plausible default otherwise. */
  response?: SimResponse;
}
