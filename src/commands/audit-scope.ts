import { AsyncLocalStorage } from "node:async_hooks";
import { EntityManager } from "typeorm";
import { AuditFacts, AuditHashAlg, AuditJson, OUTCOME_OK } from "../domain/audit/audit-chain";
import { Principal } from "../domain/access/principal";
import { appendAudit, appendAuditNow } from "../db/audit-log";
import type { DataSource } from "typeorm";
import type { Logger } from "../platform/logger";
import { OrganizationEntity, PetitionEntity, ReferralEntity } from "../db/entities";
import { ACTOR_LENGTH } from "../domain/limits";

/** How the audit chain is hashed (AUDIT_HASH). */
export interface AuditSettings {
  alg: AuditHashAlg;
}

export const DEFAULT_AUDIT: AuditSettings = { alg: "sha256" };

/** What one audited operation (a GraphQL mutation) is, as known before it runs; refined as it runs. */
export interface AuditScope {
  /** The entry's facts except time and outcome. */
  facts: Omit<AuditFacts, "at" | "outcome">;
  alg: AuditHashAlg;
  /** seq of the OK entry a committed transaction wrote for this operation, if any. */
  recordedSeq: number | null;
  /** Set when the operation has finished: later transactions (timers it started) are not part of it. */
  closed: boolean;
}

const storage = new AsyncLocalStorage<AuditScope>();

/** Runs `fn` as one audited operation: the first command transaction inside it writes the operation's OK entry. */
export function runInAuditScope<T>(scope: AuditScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

/** The open audit scope of the current async context, if any. */
export function currentAuditScope(): AuditScope | undefined {
  const s = storage.getStore();
  return s && !s.closed ? s : undefined;
}

/** Lets a command add what only it knows (e.g. the organisation it acted on behalf of) to the operation's entry. */
export function noteAudit(patch: Partial<Pick<AuditFacts, "action" | "onBehalfOfOrgId" | "resourceType" | "resourceId" | "petitionId">>): void {
  const s = currentAuditScope();
  if (s) Object.assign(s.facts, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null)));
}

/** Adds identifiers or counts (never personal-data values) to the open operation's `details`. */
export function noteAuditDetails(extra: { [k: string]: AuditJson }): void {
  const s = currentAuditScope();
  if (s) s.facts.details = { ...(s.facts.details ?? {}), ...extra };
}

/** The actor part of an entry, from a principal (`anonymous` when there is none). */
export function actorFacts(p: Principal | null): Pick<AuditFacts, "actorSubject" | "actorOrgId" | "roles"> {
  // A call through the gateway is the subject's act, carried by the gateway: both are named (`subject via gateway`).
  const subject = p ? (p.via ? `${p.subject} via ${p.via}` : p.subject) : "anonymous";
  return { actorSubject: subject.slice(0, ACTOR_LENGTH), actorOrgId: p?.orgId ?? null, roles: p ? [...p.roles] : [] };
}

/**
 * Resource and petition of what a command returned (petition, referral, organisation, `{ referral }`, or
 * `{ petition }` — a registration with its query code, which only the ids of the petition leave).
 */
export function describeResult(result: unknown): Partial<Pick<AuditFacts, "resourceType" | "resourceId" | "petitionId">> {
  const wrapped = result && typeof result === "object" ? ("referral" in result ? "referral" : "petition" in result ? "petition" : null) : null;
  const r = wrapped ? (result as Record<string, unknown>)[wrapped] : result;
  if (r instanceof PetitionEntity) return { resourceType: "petition", resourceId: String(r.id), petitionId: r.id };
  if (r instanceof ReferralEntity) return { resourceType: "referral", resourceId: String(r.id), petitionId: r.petitionId ?? undefined };
  if (r instanceof OrganizationEntity) return { resourceType: "organization", resourceId: String(r.id) };
  return {};
}

/**
 * Called by `inTransaction` after the command's work and before commit: writes the open operation's OK entry in
 * the same transaction, so a committed change always has its entry and a rolled-back one has none. Only the
 * first transaction of an operation writes it (an operation is one entry).
 */
export async function appendScopedAudit(em: EntityManager, scope: AuditScope | undefined, result: unknown): Promise<number | null> {
  if (!scope || scope.closed || scope.recordedSeq !== null) return null;
  const described = describeResult(result);
  // What the command returned names the resource better than the arguments (e.g. the petition a raised case became).
  const facts: AuditFacts = { ...scope.facts, ...Object.fromEntries(Object.entries(described).filter(([, v]) => v !== undefined)), at: new Date(), outcome: OUTCOME_OK };
  const [entry] = await appendAudit(em, [facts], scope.alg);
  return entry.seq;
}

/**
 * Runs `run` as one audited operation, whatever its entry point (a GraphQL mutation, a signed partner callback).
 * Success: the first command transaction inside writes the OK entry before its commit (`appendScopedAudit`), so a
 * committed change always has its entry; an operation that commits nothing gets its OK entry right after, and if that
 * append fails the operation fails. Failure: a separate append records `outcomeOf(error)` (the command rolled back).
 */
export async function auditedOperation<T>(
  io: { db: DataSource; log: Logger; alg: AuditHashAlg },
  facts: AuditScope["facts"],
  outcomeOf: (e: unknown) => string,
  run: () => Promise<T>,
): Promise<T> {
  const scope: AuditScope = { facts, alg: io.alg, recordedSeq: null, closed: false };
  let result: T;
  try {
    result = await runInAuditScope(scope, run);
  } catch (e) {
    scope.closed = true;
    const outcome = outcomeOf(e);
    // If a transaction already committed (with its OK entry) and a later step failed, say so in the failure entry.
    const details = { ...scope.facts.details, ...(scope.recordedSeq !== null ? { committedEntry: scope.recordedSeq } : {}) };
    await appendAuditNow(io.db, [{ ...scope.facts, details, at: new Date(), outcome }], io.alg).catch((err) =>
      io.log.error({ err, action: scope.facts.action, outcome, requestId: scope.facts.requestId }, "audit append for a failed operation failed"),
    );
    throw e;
  }
  scope.closed = true;
  if (scope.recordedSeq === null) await appendAuditNow(io.db, [{ ...scope.facts, at: new Date(), outcome: OUTCOME_OK }], io.alg);
  return result;
}
