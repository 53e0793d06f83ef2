import { EntityManager, IsNull } from "typeorm";
import { assertMayPerform } from "../domain/access/lifecycle-permissions";
import { canSeePetition, mayReceiveAccusation } from "../domain/access/visibility";
import { orgPath } from "../db/org-tree";
import { NoLongerAcceptedError, NotFoundError } from "../domain/errors";
import { MatterBar } from "../domain/matters/matter-bar";
import { PetitionEvent } from "../domain/lifecycle/petition-events";
import { transition } from "../domain/lifecycle/transition";
import { DeadlineEntity, MatterEntity, OrganizationEntity, PetitionAccessEntity, PetitionEntity } from "../db/entities";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { assertEventDates } from "./date-inputs";
import { createReferralsForPetition } from "./create-referrals";
import { PendingWrites } from "./pending-writes";
import { persistTransition } from "./persist-transition";
import { acceptanceBar } from "./acceptance-bar";

export interface TransitionOptions {
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

/** Loads the petition with a row lock so concurrent moves on one petition serialise. */
async function lockPetition(em: EntityManager, id: number): Promise<PetitionEntity | null> {
  const qb = em.createQueryBuilder(PetitionEntity, "p").where("p.id = :id", { id });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  return qb.getOne();
}

/** An organisation's configured level above: the reviewing organ of its decisions (Arts. 35, 36). */
async function levelAboveOf(em: EntityManager, orgId: number | null): Promise<number | null> {
  if (!orgId) return null;
  const o = await em.findOneBy(OrganizationEntity, { id: orgId });
  return o?.levelAboveId ?? null;
}

/**
 * The one command behind every lifecycle mutation: checks visibility and the actor's right to move,
 * runs the pure state machine, and persists state, deadlines, history, access and events in one transaction.
 */
export async function transitionPetition(deps: HubDeps, ctx: CommandContext, petitionId: number, event: PetitionEvent, opts: TransitionOptions = {}): Promise<PetitionEntity> {
  const now = nowOf(ctx);
  assertEventDates(deps, event, now); // receivedAt, deliveredAt, resultDueAt: in range before anything is read
  // Art. 36: an ACCEPT on a barred matter commits NOT_ACCEPTED, then answers NO_LONGER_ACCEPTED (after the commit).
  const art36: { bar: MatterBar | null } = { bar: null };
  const moved = await inTransaction(deps, async (em) => {
    const petition = await lockPetition(em, petitionId);
    const access = petition ? await em.findBy(PetitionAccessEntity, { petitionId }) : [];
    // Invisible and missing look the same, so ids cannot be probed.
    if (!petition || !canSeePetition(ctx.principal, { access, accusedOrgId: petition.accusedOrgId })) throw new NotFoundError("petition", petitionId);

    if (event.type === "FORWARD" || event.type === "ASSIGN") {
      if (!(await em.existsBy(OrganizationEntity, { id: event.toOrgId }))) throw new NotFoundError("organisation", event.toOrgId);
      // Never route an accusation to the accused or a unit under it (Art. 30); it looks like an unknown target.
      if (!mayReceiveAccusation(await orgPath(deps.db, event.toOrgId), petition.accusedOrgId)) throw new NotFoundError("organisation", event.toOrgId);
    }

    const reviewerOrgId = await levelAboveOf(em, petition.handlerOrgId);
    const rereviewerOrgId = await levelAboveOf(em, reviewerOrgId);
    const onBehalfOfOrgId = assertMayPerform(ctx.principal, event.type, { handlerOrgId: petition.handlerOrgId, reviewerOrgId, rereviewerOrgId, state: petition.state });
    const open = await em.find(DeadlineEntity, { where: { petitionId, closedAt: IsNull() } });
    const bar = event.type === "ACCEPT" ? await acceptanceBar(em, petition, now, { mediationEndsMatter: deps.calc.policy.mediationEndsMatter }) : null;
    art36.bar = bar;
    const result = transition(
      {
        state: petition.state,
        category: petition.category,
        extended: petition.extended,
        hearingReturnState: petition.hearingReturnState,
        hearingStartedAt: petition.hearingStartedAt,
        openDeadlines: open.map((d) => ({ kind: d.kind, startedAt: d.startedAt, dueAt: d.dueAt, state: d.state, pausedAt: d.pausedAt })),
        anonymous: petition.anonymous,
        noLongerAccepted: bar?.barred ?? false,
        receivedAt: petition.receivedAt,
        decidedAt: petition.decidedAt,
        deliveredAt: petition.deliveredAt,
      },
      event,
      now,
      deps.calc,
    );
    const reviewer = event.type === "REQUEST_REVIEW" ? reviewerOrgId : event.type === "REQUEST_REREVIEW" ? rereviewerOrgId : null;
    const grant = reviewer ? [{ orgId: reviewer, reason: "REVIEWER" as const }] : [];
    if (event.type === "REGISTER") petition.registeredAt = now; // written with the move's own UPDATE
    const writes = new PendingWrites();
    await persistTransition(em, deps, ctx, petition, event.type, result, {
      reason: opts.reason ?? null,
      details: opts.details ?? (bar?.barred ? { matterId: petition.matterId, bar: bar.reason } : eventDetails(event)),
      onBehalfOfOrgId,
      openDeadlineRows: open,
      grant,
    }, writes);
    if (result.to === "TERMINATED") await em.update(MatterEntity, { id: petition.matterId }, { terminatedAt: now });
    if (event.type === "REGISTER") await createReferralsForPetition(em, deps, ctx, petition, { writes });
    await writes.flush(em);
    return petition;
  });
  const bar = art36.bar;
  if (bar?.barred) throw new NoLongerAcceptedError(moved.id, moved.matterId, bar.reason);
  return moved;
}

/** The event's own fields (minus its type), kept in history as the move's particulars. */
function eventDetails(event: PetitionEvent): Record<string, unknown> | null {
  const { type: _type, ...rest } = event;
  const entries = Object.entries(rest).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]);
  return entries.length ? Object.fromEntries(entries) : null;
}
