import { IsNull } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { ReferralEntity } from "../db/entities";
import { ReferralEvent } from "../domain/referrals/referral-lifecycle";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { decideReferralMove, recordMove, ReferralMoveResult, transitionReferralCommand } from "./transition-referral";

/**
 * Records a partner's confirmed delivery (DELIVER) of a referral the worker has just read, with one conditional
 * UPDATE instead of lock-then-write: the same lifecycle rule decides the move from the row as read, and the UPDATE
 * only applies while the row is still in that state with no external reference (`WHERE id = ? AND state = ? AND
 * externalRef IS NULL`), so it is a compare-and-set. When another writer moved the referral in between (a callback
 * that overtook the worker, a second copy of the job), nothing is written and the locked
 * {@link transitionReferralCommand} decides again from the current row: a repeat stays a no-op, a late reference is
 * recorded once. Per delivery that is BEGIN, UPDATE, two INSERTs (transition, outbox) and COMMIT — no SELECT … FOR
 * UPDATE round trip inside the transaction, which also keeps the row lock held for a shorter time.
 */
export async function recordDeliveryCommand(deps: HubDeps, ctx: CommandContext, seen: ReferralEntity, externalRef: string): Promise<ReferralMoveResult> {
  const now = nowOf(ctx);
  const event: ReferralEvent = { type: "DELIVER", externalRef };
  const result = decideReferralMove(deps, ctx, seen, event, now);
  if (result.noop) return { referral: seen, noop: true };
  const written = await inTransaction(deps, async (em) => {
    const patch = { ...result.patch, state: result.to, updatedAt: now };
    const { affected } = await em.update(ReferralEntity, { id: seen.id, state: seen.state, externalRef: IsNull() }, patch as QueryDeepPartialEntity<ReferralEntity>);
    if (affected !== 1) return null;
    const r = Object.assign(Object.create(Object.getPrototypeOf(seen)) as ReferralEntity, seen, patch);
    await recordMove(em, ctx, r, event, result, null, now);
    return { referral: r, noop: false };
  });
  return written ?? transitionReferralCommand(deps, ctx, seen.id, event);
}
