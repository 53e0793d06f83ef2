import { Principal } from "../domain/access/principal";
import { PersonalField } from "../domain/access/personal-data";
import { HubDeps } from "../commands/command-context";
import { Loaders } from "./loaders";
import type { ChangeFeed } from "../streams/change-feed";

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
    /** Sends a result's JSON as this subscription's `next` message (a shared result is serialised once, not per subscriber). */
    sendNext?: (payloadJson: string) => void;
    /** A batch arrived since `loaders` were built: rebuild them before reading (change-view.ts freshLoaders). */
    staleLoaders?: boolean;
  };
}
