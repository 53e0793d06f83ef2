import { DataSource, EntityManager } from "typeorm";
import { Principal } from "../domain/access/principal";
import type { ProjectionTable } from "../domain/access/projection";
import type { DateBounds } from "../domain/date-bounds";
import { DeadlineCalculator } from "../domain/deadlines/deadline-calculator";
import { BottomLineSettings, DEFAULT_BOTTOM_LINES } from "../domain/bottom-lines/bottom-line-terms";
import { DEFAULT_EARLY_WARNING, EarlyWarningSettings } from "../domain/early-warning/ledger-terms";
import { DomainEvent } from "../domain/lifecycle/transition";
import { DEFAULT_REFERRAL_POLICY, ReferralPolicy } from "../domain/referrals/referral-lifecycle";
import { DEFAULT_ROUTING_RULES, RoutingRule } from "../domain/referrals/routing-rules";
import { OutboxEntity } from "../db/entities";
import { withTransaction } from "../db/transaction";
import { insertRows } from "../db/insert-rows";
import { Logger } from "../platform/logger";
import { PiiCrypto } from "../platform/pii-crypto";
import type { QueueRegistry } from "../queues/queue-registry";
import type { ClientStatusCache } from "../platform/authenticate";
import { appendScopedAudit, AuditSettings, currentAuditScope } from "./audit-scope";

/** What every command needs from the process. */
export interface HubDeps {
  db: DataSource;
  calc: DeadlineCalculator;
  log: Logger;
  /** Encryption and blind indexes for personal data (ID numbers, phones): nothing personal is stored in clear. */
  pii: PiiCrypto;
  /**
   * Called after a command's transaction committed outbox rows, to wake the outbox relay early (in this process, or
   * through Redis in one without a relay); the relay also polls.
   */
  afterCommit?: () => void;
  /** Special-group and special-unit routing (defaults: DEFAULT_ROUTING_RULES, 2-working-day return window). */
  referrals?: { rules: RoutingRule[]; policy: ReferralPolicy };
  /** What partner agencies and special units see of a petition, per organisation kind (default DEFAULT_PROJECTIONS). */
  projections?: ProjectionTable;
  /** Queue access for operator views (failed deliveries, replay); absent in pure command tests. */
  ops?: { queues: QueueRegistry; agencyCodes: string[] };
  /** Machine-client revocation cache of this process (API role), so a revocation applies here at once. */
  identity?: { clients: ClientStatusCache };
  /** The change stream (the changes query and subscription replay read it); absent in pure command tests. */
  changes?: import("../streams/change-stream").ChangeStream;
  /** Audit chain settings (AUDIT_HASH); SHA-256 when absent. */
  audit?: AuditSettings;
  /** The range dates given to commands must fall in (DATE_INPUT_*); DEFAULT_DATE_BOUNDS when absent. */
  dateBounds?: DateBounds;
  /** Citizen lookups by query code: the shared wrong-code counter and its limits; absent, lookups are refused. */
  citizen?: import("./citizen-lookup").CitizenLookupSettings;
  /** Risk-ledger and alert settings (LEDGER_*, ALERT_ACK_HOURS); DEFAULT_EARLY_WARNING when absent. */
  earlyWarning?: EarlyWarningSettings;
  /** Accident case duty hours (ACCIDENT_*); DEFAULT_ACCIDENT_SETTINGS when absent. */
  accidents?: import("../domain/accidents/accident-terms").AccidentSettings;
  /** The four bottom lines and the urgent report chain (BOTTOM_LINE_*, URGENT_REPORT_*); DEFAULT_BOTTOM_LINES when absent. */
  bottomLines?: BottomLineSettings;
  /** Object store, upload limits and letter font (DOCUMENT_*, OBJECT_STORE_*, LETTER_FONT_*); documents are refused when absent. */
  documents?: import("../platform/documents-config").DocumentDeps;
  /** Visit at most once (ONE_VISIT_DASHBOARD_DAYS); DEFAULT_VISIT_ONCE when absent. */
  visitOnce?: import("../domain/visit-once/one-visit-rate").VisitOnceSettings;
  /** City-visit fast track settings and letter templates (CITY_VISIT_*); DEFAULT_CITY_VISIT_CONFIG when absent. */
  cityVisit?: import("./city-visit-settings").CityVisitConfig;
  /** Renders and stores each fast-track letter as a PDF (issue 9 item 6); absent, letters have no document. */
  letterDocuments?: import("./letter-document-writer").LetterDocumentWriter;
}

export const referralSettings = (deps: HubDeps) => deps.referrals ?? { rules: DEFAULT_ROUTING_RULES, policy: DEFAULT_REFERRAL_POLICY };

/** The early-warning settings of this process. */
export const earlyWarningSettings = (deps: HubDeps): EarlyWarningSettings => deps.earlyWarning ?? DEFAULT_EARLY_WARNING;

/** The bottom-line settings of this process. */
export const bottomLineSettings = (deps: HubDeps): BottomLineSettings => deps.bottomLines ?? DEFAULT_BOTTOM_LINES;

/** Who runs the command, for which request, at what time (injected so tests and sweeps control it). */
export interface CommandContext {
  principal: Principal;
  requestId?: string;
  now?: Date;
}

export const nowOf = (ctx: { now?: Date }) => ctx.now ?? new Date();

/**
 * Runs `fn` in one transaction; the outbox rows it writes commit or roll back with the change.
 * Nothing is published here: the relay does that from the committed rows.
 */
export async function inTransaction<T>(deps: HubDeps, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  // Inside an audited operation (a GraphQL mutation), its OK entry is written last in this same transaction.
  const scope = currentAuditScope();
  let seq: number | null = null;
  let tx: EntityManager | null = null;
  const result = await withTransaction(deps.db, async (em) => {
    tx = em;
    outboxWriters.delete(txKey(em)); // SQLite shares one query runner: a mark from before is not this transaction's
    const r = await fn(em);
    seq = await appendScopedAudit(em, scope, r);
    return r;
  });
  if (scope && seq !== null) scope.recordedSeq = seq;
  if (tx && takeOutboxMark(tx)) deps.afterCommit?.();
  return result;
}

/** Transactions (by their query runner, else the manager) that appended outbox rows; weak, so nothing is kept. */
const outboxWriters = new WeakSet<object>();
const txKey = (em: EntityManager): object => em.queryRunner ?? em;

/** Whether rows were appended to the outbox through `em`'s transaction (then the relay is worth waking); clears it. */
function takeOutboxMark(em: EntityManager): boolean {
  return outboxWriters.delete(txKey(em));
}

/** Appends domain events for one aggregate to the outbox, inside the caller's transaction. */
export async function appendOutbox(
  em: EntityManager,
  aggregateType: string,
  aggregateId: string | number,
  events: DomainEvent[],
  meta: { actor?: string; requestId?: string; at: Date },
): Promise<void> {
  await appendOutboxRows(em, events.map((event) => ({ aggregateType, aggregateId, event, meta })));
}

/** One outbox row to append: an event of one aggregate, with who caused it and when. */
export interface OutboxAppend {
  aggregateType: string;
  aggregateId: string | number;
  event: DomainEvent;
  meta: { actor?: string; requestId?: string; at: Date };
}

/** Appends events of any aggregates to the outbox in one multi-row INSERT, inside the caller's transaction. */
export async function appendOutboxRows(em: EntityManager, rows: readonly OutboxAppend[]): Promise<void> {
  if (rows.length === 0) return;
  outboxWriters.add(txKey(em));
  await insertRows(
    em,
    OutboxEntity,
    rows.map(({ aggregateType, aggregateId, event: e, meta }) => ({
      type: e.type,
      aggregateType,
      aggregateId: String(aggregateId),
      payload: { ...e.data, actor: meta.actor ?? null, requestId: meta.requestId ?? null },
      createdAt: meta.at,
      sentAt: null,
      attempts: 0,
    })),
  );
}
