import { EntityManager } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { closedState } from "../domain/deadlines/deadline-state";
import { PetitionEventType } from "../domain/lifecycle/petition-events";
import { TransitionResult } from "../domain/lifecycle/transition";
import { DeadlineEntity, PetitionEntity, PetitionTransitionEntity } from "../db/entities";
import { endAccess, grantAccess } from "../db/petition-access";
import { AccessReason } from "../db/entities/petition-access.entity";
import { appendOutbox, CommandContext, HubDeps, nowOf } from "./command-context";

export interface TransitionRecord {
  reason: string | null;
  details: Record<string, unknown> | null;
  onBehalfOfOrgId: number | null;
  /** The petition's unclosed deadline rows, as loaded for the snapshot. */
  openDeadlineRows: DeadlineEntity[];
  /** Extra access to grant (e.g. the reviewing organ). */
  grant?: { orgId: number; reason: AccessReason }[];
}

/** Writes a transition's effects: petition row, deadlines, history, access and outbox, in the caller's transaction. */
export async function persistTransition(
  em: EntityManager,
  deps: HubDeps,
  ctx: CommandContext,
  petition: PetitionEntity,
  event: PetitionEventType,
  r: TransitionResult,
  rec: TransitionRecord,
): Promise<void> {
  const now = nowOf(ctx);
  const previousHandlerOrgId = petition.handlerOrgId;
  const { handlerOrgId, ...patch } = r.patch;
  Object.assign(petition, patch, { state: r.to, updatedAt: now });
  if (handlerOrgId !== undefined) petition.handlerOrgId = handlerOrgId;
  await em.update(PetitionEntity, { id: petition.id }, {
    state: petition.state,
    updatedAt: now,
    handlerOrgId: petition.handlerOrgId,
    extended: petition.extended,
    hearingReturnState: petition.hearingReturnState,
    hearingStartedAt: petition.hearingStartedAt,
    decidedAt: petition.decidedAt,
    deliveredAt: petition.deliveredAt,
  });

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
    await em.insert(
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
  await grantAccess(em, petition.id, grants);

  await em.insert(PetitionTransitionEntity, em.create(PetitionTransitionEntity, {
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
  }) as QueryDeepPartialEntity<PetitionTransitionEntity>);
  await appendOutbox(
    em,
    "petition",
    petition.id,
    r.events.map((e) => ({ ...e, data: { ...e.data, petitionId: petition.id, number: petition.number } })),
    { actor: ctx.principal.subject, requestId: ctx.requestId, at: now },
  );
}
