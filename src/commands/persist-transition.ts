import { EntityManager } from "typeorm";
import { closedState } from "../domain/deadlines/deadline-state";
import { PetitionEventType } from "../domain/lifecycle/petition-events";
import { TransitionResult } from "../domain/lifecycle/transition";
import { DeadlineEntity, PetitionEntity, PetitionTransitionEntity } from "../db/entities";
import { endAccess } from "../db/petition-access";
import { AccessReason } from "../db/entities/petition-access.entity";
import { CommandContext, HubDeps, nowOf } from "./command-context";
import { PendingWrites } from "./pending-writes";
import { insertRows } from "../db/insert-rows";

export interface TransitionRecord {
  reason: string | null;
  details: Record<string, unknown> | null;
  onBehalfOfOrgId: number | null;
  /** The petition's unclosed deadline rows, as loaded for the snapshot. */
  openDeadlineRows: DeadlineEntity[];
  /** Extra access to grant (e.g. the reviewing organ). */
  grant?: { orgId: number; reason: AccessReason }[];
}

/**
 * Writes a transition's effects: petition row, deadlines, history, access and outbox, in the caller's transaction.
 * With `writes`, access and events are collected there for the caller to flush with the rest of its command.
 */
export async function persistTransition(
  em: EntityManager,
  deps: HubDeps,
  ctx: CommandContext,
  petition: PetitionEntity,
  event: PetitionEventType,
  r: TransitionResult,
  rec: TransitionRecord,
  writes?: PendingWrites,
): Promise<void> {
  const now = nowOf(ctx);
  const previousHandlerOrgId = applyTransition(petition, r, now);
  await em.update(PetitionEntity, { id: petition.id }, {
    state: petition.state,
    updatedAt: now,
    handlerOrgId: petition.handlerOrgId,
    extended: petition.extended,
    hearingReturnState: petition.hearingReturnState,
    hearingStartedAt: petition.hearingStartedAt,
    decidedAt: petition.decidedAt,
    deliveredAt: petition.deliveredAt,
    registeredAt: petition.registeredAt,
  });
  const own = writes ?? new PendingWrites();
  await persistTransitionRecords(em, deps, ctx, petition, event, r, rec, previousHandlerOrgId, own);
  if (!writes) await own.flush(em);
}

/**
 * Applies a transition's state and patch to the petition object (not the database); returns the handler it had
 * before. A petition registered as it is created gets its row written once, already moved.
 */
export function applyTransition(petition: PetitionEntity, r: TransitionResult, now: Date): number | null {
  const previousHandlerOrgId = petition.handlerOrgId;
  const { handlerOrgId, ...patch } = r.patch;
  Object.assign(petition, patch, { state: r.to, updatedAt: now });
  if (handlerOrgId !== undefined) petition.handlerOrgId = handlerOrgId;
  return previousHandlerOrgId;
}

/**
 * Everything of a transition except the petition row (already written by the caller): deadline rows, access
 * changes, history and events; access grants and events go to `writes`.
 */
export async function persistTransitionRecords(
  em: EntityManager,
  deps: HubDeps,
  ctx: CommandContext,
  petition: PetitionEntity,
  event: PetitionEventType,
  r: TransitionResult,
  rec: TransitionRecord,
  previousHandlerOrgId: number | null,
  writes: PendingWrites,
): Promise<void> {
  const now = nowOf(ctx);
  const handlerOrgId = r.patch.handlerOrgId;
  for (const c of r.close) {
    const row = rec.openDeadlineRows.find((d) => d.kind === c.kind);
    if (!row) continue;
    await em.update(DeadlineEntity, { id: row.id }, { state: closedState(row.state, c.outcome, row.dueAt, now, row.nature, row.pausedAt), closedAt: now, pausedAt: null });
  }
  for (const s of r.shift) {
    const row = rec.openDeadlineRows.find((d) => d.kind === s.kind);
    // A moved due date gives a fresh warning cycle; a breach already recorded stays.
    if (row)
      await em.update(DeadlineEntity, { id: row.id }, {
        dueAt: s.dueAt,
        ...(s.startedAt ? { startedAt: s.startedAt } : {}),
        yellowWarnedAt: null,
        state: row.state === "LAPSED" ? "OPEN" : row.state,
      });
  }
  // Suspended by law: PAUSED rows are skipped by the sweep, so no warning or breach accrues while suspended.
  for (const p of r.pause) {
    const row = rec.openDeadlineRows.find((d) => d.kind === p.kind);
    if (row) await em.update(DeadlineEntity, { id: row.id, state: "OPEN" }, { state: "PAUSED", pausedAt: p.at });
  }
  for (const x of r.resume) {
    const row = rec.openDeadlineRows.find((d) => d.kind === x.kind);
    if (row) await em.update(DeadlineEntity, { id: row.id, state: "PAUSED" }, { state: "OPEN", pausedAt: null, dueAt: x.dueAt, yellowWarnedAt: null });
  }
  if (r.open.length) {
    await insertRows(
      em,
      DeadlineEntity,
      r.open.map((o) => ({
        petitionId: petition.id,
        kind: o.kind,
        nature: deps.calc.policy.rules[o.kind].nature,
        startedAt: o.startedAt,
        dueAt: o.dueAt,
        originalDueAt: o.dueAt,
        rule: o.rule,
        basis: o.basis,
        state: "OPEN" as const,
        closedAt: null,
        yellowWarnedAt: null,
        redWarnedAt: null,
        pausedAt: null,
      })),
    );
  }

  const grants = [...(rec.grant ?? [])];
  if (handlerOrgId) grants.push({ orgId: handlerOrgId, reason: "HANDLER" });
  // A handler whose objection succeeded, or who was replaced, loses the petition (it keeps its own actions).
  if (handlerOrgId !== undefined && previousHandlerOrgId !== null && previousHandlerOrgId !== handlerOrgId) await endAccess(em, petition.id, previousHandlerOrgId, "HANDLER");
  writes.grant(petition.id, grants);

  await insertRows(em, PetitionTransitionEntity, [{
    petitionId: petition.id,
    event,
    fromState: r.from,
    toState: r.to,
    actor: ctx.principal.subject,
    actorOrgId: ctx.principal.orgId,
    onBehalfOfOrgId: rec.onBehalfOfOrgId,
    reason: rec.reason,
    legalBasis: r.legalBasis,
    details: rec.details,
    requestId: ctx.requestId ?? null,
    at: now,
  }]);
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  writes.append(r.events.map((e) => ({ aggregateType: "petition", aggregateId: petition.id, event: { ...e, data: { ...e.data, petitionId: petition.id, number: petition.number } }, meta })));
}
