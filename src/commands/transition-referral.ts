import { EntityManager, In, Not } from "typeorm";
import { ReferralState } from "../domain/referrals/referral-terms";
import { endAccess } from "../db/petition-access";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { NotFoundError } from "../domain/errors";
import { ReferralEvent, ReferralTransitionResult, transitionReferral } from "../domain/referrals/referral-lifecycle";
import { assertMayActOnReferral, canSeeReferral } from "../domain/referrals/referral-permissions";
import { OrganizationEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";
import { insertRows } from "../db/insert-rows";
import { appendOutboxRows, CommandContext, OutboxAppend, HubDeps, inTransaction, nowOf, referralSettings } from "./command-context";

async function lockReferral(em: EntityManager, id: number): Promise<ReferralEntity | null> {
  const qb = em.createQueryBuilder(ReferralEntity, "r").where("r.id = :id", { id });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  return qb.getOne();
}

/** Organisation codes never change, so they are looked up once per process. */
const codesByDb = new WeakMap<object, Map<number, string>>();
async function orgCode(em: EntityManager, id: number): Promise<string | null> {
  let codes = codesByDb.get(em.connection);
  if (!codes) codesByDb.set(em.connection, (codes = new Map()));
  if (!codes.has(id)) {
    const o = await em.findOneBy(OrganizationEntity, { id });
    if (!o) return null;
    codes.set(id, o.code);
  }
  return codes.get(id)!;
}

/** One referral move as {@link recordMoves} writes it. */
export interface RecordedMove {
  ctx: CommandContext;
  /** The referral after the move. */
  referral: ReferralEntity;
  event: ReferralEvent;
  result: ReferralTransitionResult;
  reason: string | null;
  now: Date;
}

/**
 * Everything a referral move writes besides the referral row itself, in the caller's transaction: the transition
 * (audit trail), the end of the agency's access when its last open referral closes, and the outbox event.
 * Shared by {@link transitionReferralCommand} and the delivery worker's conditional-UPDATE paths (one delivery or a
 * group of them), so every path records a move identically; several moves take one multi-row INSERT per table.
 */
export async function recordMoves(em: EntityManager, moves: readonly RecordedMove[]): Promise<void> {
  if (moves.length === 0) return;
  await insertRows(em, ReferralTransitionEntity, moves.map(({ ctx, referral: r, event, result, reason, now }) => ({
    referralId: r.id, event: event.type, fromState: result.from, toState: result.to, actor: ctx.principal.subject, actorOrgId: ctx.principal.orgId,
    reason: event.type === "RETURN" ? event.reason : reason, details: moveDetails(event, result), requestId: ctx.requestId ?? null, at: now,
  })));
  const events: OutboxAppend[] = [];
  for (const { ctx, referral: r, event, result, now } of moves) {
    // A returned or closed referral ends the agency's reason to see the petition (PIPL Art. 34: only while the duty needs it).
    if (r.petitionId !== null && (result.to === ReferralState.RETURNED || result.to === ReferralState.CLOSED)) {
      const others = await em.countBy(ReferralEntity, { petitionId: r.petitionId, agencyOrgId: r.agencyOrgId, state: Not(In([ReferralState.RETURNED, ReferralState.CLOSED])) });
      if (others === 0) await endAccess(em, r.petitionId, r.agencyOrgId, "REFERRAL");
    }
    const agencyCode = await orgCode(em, r.agencyOrgId);
    events.push({
      aggregateType: "referral",
      aggregateId: r.id,
      event: { type: `referral.${event.type.toLowerCase()}`, data: { referralId: r.id, petitionId: r.petitionId, agencyCode, from: result.from, to: result.to, onTime: result.onTime ?? null } },
      meta: { actor: ctx.principal.subject, requestId: ctx.requestId, at: now },
    });
  }
  await appendOutboxRows(em, events);
}

/** One move of {@link recordMoves}. */
export function recordMove(em: EntityManager, ctx: CommandContext, r: ReferralEntity, event: ReferralEvent, result: ReferralTransitionResult, reason: string | null, now: Date): Promise<void> {
  return recordMoves(em, [{ ctx, referral: r, event, result, reason, now }]);
}

function moveDetails(event: ReferralEvent, result: ReferralTransitionResult): Record<string, unknown> | null {
  return event.type === "RESPOND" ? { onTime: result.onTime, attachments: event.response.attachments.length } : event.type === "DELIVER" ? { externalRef: event.externalRef } : null;
}

export interface ReferralMoveResult {
  referral: ReferralEntity;
  /** True when the move was a repeat (duplicate callback, re-delivery) and changed nothing. */
  noop: boolean;
}

/**
 * Checks that the caller may see and make `event` on the referral as read, then runs the pure lifecycle rule on it.
 * Shared by the locked command and the worker's compare-and-set delivery, so both decide a move the same way.
 */
export function decideReferralMove(deps: HubDeps, ctx: CommandContext, r: ReferralEntity, event: ReferralEvent, now: Date): ReferralTransitionResult {
  // Invisible and missing look the same, so ids cannot be probed.
  if (!canSeeReferral(ctx.principal, r.agencyOrgId)) throw new NotFoundError("referral", r.id);
  assertMayActOnReferral(ctx.principal, event.type, r.agencyOrgId);
  return transitionReferral(
    { state: r.state, responseDueAt: r.responseDueAt, returnDueAt: r.returnDueAt, acknowledgedAt: r.acknowledgedAt, externalRef: r.externalRef },
    event,
    now,
    deps.calc.calendar,
    referralSettings(deps).policy,
  );
}

/**
 * The one command behind every referral move, for GraphQL callbacks, signed webhooks, pollers and workers alike.
 * Repeats are no-ops (idempotent by referral id and move), so at-least-once delivery has exactly-once effect.
 */
export async function transitionReferralCommand(deps: HubDeps, ctx: CommandContext, referralId: number, event: ReferralEvent, reason: string | null = null): Promise<ReferralMoveResult> {
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const r = await lockReferral(em, referralId);
    if (!r) throw new NotFoundError("referral", referralId);
    const result = decideReferralMove(deps, ctx, r, event, now);
    if (result.noop) return { referral: r, noop: true };
    Object.assign(r, result.patch, { state: result.to, updatedAt: now });
    await em.update(ReferralEntity, { id: r.id }, { ...result.patch, state: result.to, updatedAt: now } as QueryDeepPartialEntity<ReferralEntity>);
    await recordMove(em, ctx, r, event, result, reason, now);
    return { referral: r, noop: false };
  });
}
