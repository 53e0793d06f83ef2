import { EntityManager } from "typeorm";
import { Principal } from "../domain/access/principal";
import { isTakeUpOverdue } from "../domain/referrals/take-up";
import { ReferralDirection, ReferralState } from "../domain/referrals/referral-terms";
import { OrganizationEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";
import { appendOutbox, HubDeps, inTransaction } from "./command-context";

async function lockRaised(em: EntityManager, id: number): Promise<ReferralEntity | null> {
  const qb = em.createQueryBuilder(ReferralEntity, "r").where("r.id = :id AND r.direction = :direction", { id, direction: ReferralDirection.INBOUND });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  return qb.getOne();
}

/**
 * Records that the bureau missed the take-up period of a case an agency raised: `escalatedAt` set, a
 * `TAKE_UP_OVERDUE` entry on the referral's timeline, and a `referral.take-up-overdue` event for the operators.
 * The case stays RAISED and registrable. Returns false (nothing written) if it is not, or no longer, overdue —
 * registered meanwhile, or already flagged — so a repeated sweep flags a case once.
 */
export async function flagTakeUpOverdue(deps: HubDeps, system: Principal, referralId: number, now: Date): Promise<boolean> {
  return inTransaction(deps, async (em) => {
    const r = await lockRaised(em, referralId);
    if (!r || !isTakeUpOverdue(r, now)) return false;
    await em.update(ReferralEntity, { id: r.id }, { escalatedAt: now, updatedAt: now });
    const dueAt = r.responseDueAt.toISOString();
    await em.insert(ReferralTransitionEntity, {
      referralId: r.id, event: "TAKE_UP_OVERDUE", fromState: ReferralState.RAISED, toState: ReferralState.RAISED, actor: system.subject, actorOrgId: system.orgId,
      reason: null, details: { dueAt }, requestId: "sweep", at: now,
    });
    const agency = await em.findOneBy(OrganizationEntity, { id: r.agencyOrgId });
    await appendOutbox(em, "referral", r.id, [{ type: "referral.take-up-overdue", data: { referralId: r.id, agencyCode: agency?.code ?? null, dueAt } }], { actor: system.subject, requestId: "sweep", at: now });
    return true;
  });
}
