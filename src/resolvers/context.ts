import { Principal } from "../domain/access/principal";
import { PersonalField } from "../domain/access/personal-data";
import { HubDeps } from "../commands/command-context";
import { Loaders } from "./loaders";
import type { ChangeFeed } from "../streams/change-feed";
import type { LiveSharing } from "../streams/change-subscription";

/** One unmasked read of personal data, flushed to the audit table before the response is sent. */
export interface PiiRead {
  petitionId: number;
  petitionerId: number;
  field: PersonalField;
}

/** Per-request GraphQL context. */
export interface HubContext {
  deps: HubDeps;
  principal: Principal | null;
  requestId: string;
  /** The TCP peer's address, for the audit log (a proxy in front shows up as itself; see docs/security.md). */
  clientIp?: string | null;
  loaders: Loaders;
  piiReads: PiiRead[];
  /** Subscriptions only (graphql-ws): this process's live change feed and the per-subscriber buffer bound. */
  live?: {
    feed: ChangeFeed;
    bufferSize: number;
    /**
     * Sends a result's bytes (its JSON followed by the closing `}`) as this subscription's `next` message: a shared
     * result is serialised and encoded once, not per subscriber.
     */
    sendPayload?: (body: Buffer) => void;
    /** Set by sharedSubscribe for a shareable subscription: how the change feed's fan-out group may serve it. */
    sharing?: LiveSharing<unknown>;
    /** A batch arrived since `loaders` were built: rebuild them before reading (change-view.ts freshLoaders). */
    staleLoaders?: boolean;
  };
}
