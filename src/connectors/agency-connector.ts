/**
 * The one interface between the hub and a partner agency's or special unit's system.
 *
 * Everything the hub sees is in the hub's own vocabulary; each agency folder maps it to and from that partner's
 * shapes, which never leave the folder. Every failure is a {@link ConnectorError} whose kind tells the delivery
 * worker what to do (retry with backoff, give up, or wait as the partner asked).
 */

/** The two wire protocols partners speak today. */
export type ConnectorProtocol = "REST_HMAC" | "GRAPHQL";

/** A referral as the hub sends it to an agency. */
export interface ReferralDelivery {
  /** The hub's referral id; agencies quote it when they call the hub back. */
  referralId: string;
  /** Sent with every delivery attempt; the same key means the partner must not create a second case. */
  idempotencyKey: string;
  /** The petition's registration number (信访件编号). */
  petitionNumber: string;
  /** Organisation code of the receiving agency, e.g. `DY_CL`. */
  agencyCode: string;
  /** Lead handler (主办) or co-handler (协办). */
  role: "LEAD" | "CO_HANDLER";
  /** The petition's category (Arts. 29–31). */
  category: string;
  /** Special-group tags, e.g. `DISABLED`, `VETERAN_MILITARY`. */
  specialGroups: string[];
  /** What the petition is about. */
  summary: string;
  /** What the petitioner asks for. */
  request: string;
  /** Name of the locality where the problem is. */
  localityName: string;
  /** What the bureau expects back, e.g. `["OPINION", "ACTIONS"]`. */
  expected: string[];
  /** When the first response is due (ISO 8601). */
  responseDueAt: string;
  /** Petitioners as the agency may see them: names and masked phones only. */
  petitioners: { name: string; phoneMasked: string | null }[];
}

/** The partner's answer to a delivery. */
export interface DeliveryReceipt {
  /** The partner's own reference for the case; needed to ask for its status. */
  externalRef: string;
  /** True when the partner already had a case for this idempotency key and created nothing new. */
  duplicate: boolean;
}

/** Metadata of a file the agency attached to its response (the file itself stays with the agency). */
export interface AgencyAttachment {
  name: string;
  mimeType: string;
  sizeBytes: number;
  /** Hex SHA-256 of the content, when the partner gives one. */
  sha256?: string;
  /** Where the hub may fetch the file, when the partner offers a link. */
  url?: string;
}

/** An agency's answer to a referral. */
export interface AgencyResponse {
  opinion: string;
  actionsTaken?: string;
  attachments: AgencyAttachment[];
  /** ISO 8601. */
  respondedAt: string;
}

/** A referral's state in the partner's system, in the hub's vocabulary. */
export interface AgencyStatus {
  externalRef: string;
  /** RECEIVED: recorded, not yet signed for; ACKNOWLEDGED: 签收; RESPONDED: answered; RETURNED: 回退. */
  status: "RECEIVED" | "ACKNOWLEDGED" | "RESPONDED" | "RETURNED";
  /** ISO 8601, when the partner signed for it. */
  acknowledgedAt?: string;
  response?: AgencyResponse;
  /** Why the partner sent it back (only when RETURNED). */
  returnReason?: string;
}

/** One partner's system, as the hub's delivery worker and status poller use it. */
export interface AgencyConnector {
  /** Organisation code of the agency this connector talks to. */
  readonly agencyCode: string;
  /** Wire protocol of the partner. */
  readonly protocol: ConnectorProtocol;
  /**
   * Sends one referral. Safe to repeat with the same idempotency key: the partner then answers with the same
   * reference and `duplicate: true`.
   * @throws ConnectorError
   */
  deliver(d: ReferralDelivery): Promise<DeliveryReceipt>;
  /**
   * Reads a referral's state from the partner (for agencies that cannot call the hub back).
   * @returns null when the partner does not know the reference.
   * @throws ConnectorError
   */
  fetchStatus(referralId: string, externalRef: string): Promise<AgencyStatus | null>;
  /** Releases timers (the circuit breaker's rolling window). */
  close?(): Promise<void>;
}

/**
 * RETRYABLE: try again later with backoff (network, timeout, 5xx, 408, circuit open).
 * PERMANENT: retrying the same request cannot succeed (other 4xx, a partner payload the hub cannot read).
 * RATE_LIMITED: the partner asked the hub to slow down; wait `retryAfterMs` without spending an attempt.
 */
export type ConnectorErrorKind = "RETRYABLE" | "PERMANENT" | "RATE_LIMITED";

/** Every failure of a connector call; `kind` decides what the delivery worker does next. */
export class ConnectorError extends Error {
  /** Stable code for logs and the failed-delivery list, e.g. `CONNECTOR_PERMANENT`. */
  readonly code: string;

  /**
   * @param kind what the caller should do next
   * @param message what went wrong, without personal data
   * @param retryAfterMs how long to wait before the next attempt (RATE_LIMITED; a hint when the circuit is open)
   * @param status the partner's HTTP status, when there was one
   */
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly retryAfterMs?: number,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ConnectorError";
    this.code = `CONNECTOR_${kind}`;
  }
}

/** Narrows an unknown error to a ConnectorError. */
export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
