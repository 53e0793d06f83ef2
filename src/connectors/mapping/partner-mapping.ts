/**
 * A partner's differences from the contract, as data: which protocol it speaks, whether it can call the hub
 * (push) or must be polled, its field names, role labels, status names and time formats. One folder per partner
 * holds a `mapping.ts` exporting a {@link PartnerMapping}; {@link createMappedConnector} interprets it.
 */
import { ConnectorProtocol } from "../agency-connector";

/** How a partner writes instants. */
export type TimeFormat = "iso" | "beijing-local" | "beijing-offset";

/**
 * Where a partner field's value comes from, in the canonical `referral.delivery.v1` message:
 * - a path, e.g. `"referral.id"`;
 * - `{ path, labels }`: the value relabelled (e.g. roles `LEAD` → `主办`), every value must be listed;
 * - `{ path, time }`: an instant in the partner's format;
 * - `{ hasGroup, orMatches? }`: true when the petition carries the special group (or its text matches);
 * - `{ each, fields }`: an array, one partner object per item, paths relative to the item.
 */
export type ValueSpec =
  | string
  | { path: string; labels: Readonly<Record<string, string | boolean>> }
  | { path: string; time: TimeFormat }
  | { hasGroup: string; orMatches?: { paths: readonly string[]; pattern: string } }
  | { each: string; fields: Readonly<Record<string, ValueSpec>> };

/** A partner field read from its status document: a path, optionally with the time format. */
export type ReadSpec = string | { path: string; time: TimeFormat };

/** Where the parts of a partner's status document are (paths in the partner's document). */
export interface StatusMapping {
  /** The field holding the partner's status, and its values in the contract's terms. */
  state: { path: string; values: Readonly<Record<string, "RECEIVED" | "ACKNOWLEDGED" | "RESPONDED" | "RETURNED">> };
  acknowledgedAt: ReadSpec;
  response: {
    /** The object holding the answer (required when RESPONDED); the other paths are relative to it. */
    path: string;
    opinion: string;
    actionsTaken: string;
    respondedAt: ReadSpec;
    attachments: { path: string; name: string; mimeType: string; sizeBytes: string; sha256?: string; url?: string };
  };
  /** The send-back reason (required when RETURNED). */
  returnReason: string;
}

/** One partner, completely. */
export interface PartnerMapping {
  agencyCode: string;
  /** Unit name, for docs and logs. */
  name: string;
  protocol: ConnectorProtocol;
  /** `push`: the partner calls the hub back (callback); `poll`: the hub reads its status. */
  delivery: "push" | "poll";
  /** The partner's delivery body (REST) or input object (GraphQL), by partner field name; dots nest. */
  fields: Readonly<Record<string, ValueSpec>>;
  status: StatusMapping;
  /** GraphQL partners: the name of the input type of `receiveReferral(input:)`. */
  graphqlInputType?: string;
}
