import { ReferralEntity } from "../db/entities";
import { dateParam } from "../db/sql-params";
import { ReferralEvent, ReferralTransitionResult } from "../domain/referrals/referral-lifecycle";
import { ReferralState } from "../domain/referrals/referral-terms";
import { CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { recordDeliveryCommand } from "./record-delivery";
import { decideReferralMove, RecordedMove, recordMoves, ReferralMoveResult } from "./transition-referral";

/** One confirmed delivery to record: who records it, the referral as the worker read it, the partner's reference. */
export interface DeliveryToRecord {
  ctx: CommandContext;
  seen: ReferralEntity;
  externalRef: string;
}

/** Thrown inside the group's transaction to roll it back when some row moved since it was read. */
class GroupMovedError extends Error {}

type Decided = { index: number; item: DeliveryToRecord; event: ReferralEvent; result: ReferralTransitionResult; now: Date };

/**
 * Records a group of confirmed deliveries (the concurrent jobs of a delivery worker) in one transaction: the
 * same lifecycle rule decides each move from the row as read ({@link decideReferralMove}); the SENT → DELIVERED
 * moves are written with ONE compare-and-set UPDATE over the group (`WHERE id IN (…) AND state = 'SENT' AND
 * externalRef IS NULL`, per-row values by `CASE id`) and one multi-row INSERT each for the transitions and the
 * outbox events ({@link recordMoves}). Only when it matched every row is the group committed; otherwise (a
 * callback or a second copy of a job moved one of them) or on any error it is rolled back and every delivery is
 * recorded alone by {@link recordDeliveryCommand}, which decides again from the current row. So the group never
 * writes a move the single path would not, and a repeat stays a no-op. Per group of N: BEGIN, UPDATE, INSERT ×2,
 * COMMIT, instead of 5 × N statements.
 * @returns one settled result per item, in order: a failure is that delivery's own (its job retries).
 */
export async function recordDeliveriesCommand(deps: HubDeps, items: readonly DeliveryToRecord[]): Promise<PromiseSettledResult<ReferralMoveResult>[]> {
  const results: PromiseSettledResult<ReferralMoveResult>[] = new Array(items.length);
  const grouped: Decided[] = [];
  const alone: number[] = [];
  items.forEach((item, index) => {
    try {
      const now = nowOf(item.ctx);
      const event: ReferralEvent = { type: "DELIVER", externalRef: item.externalRef };
      const result = decideReferralMove(deps, item.ctx, item.seen, event, now);
      if (result.noop) results[index] = { status: "fulfilled", value: { referral: item.seen, noop: true } };
      else if (item.seen.state === ReferralState.SENT && result.to === ReferralState.DELIVERED) grouped.push({ index, item, event, result, now });
      else alone.push(index);
    } catch (e) {
      results[index] = { status: "rejected", reason: e };
    }
  });
  const written = grouped.length > 1 ? await writeGroup(deps, grouped).catch((err: unknown) => {
    // Rolled back: each delivery is recorded alone below, and only its own failure reaches its job.
    if (err instanceof GroupMovedError) deps.log.debug({ err: err.message }, "delivery group rolled back; recording one by one");
    else deps.log.warn({ err }, "delivery group failed; recording one by one");
    return null;
  }) : null;
  if (written) written.forEach((w, k) => (results[grouped[k].index] = { status: "fulfilled", value: { referral: w, noop: false } }));
  else alone.push(...grouped.map((g) => g.index));
  await Promise.all(alone.map(async (index) => {
    const { ctx, seen, externalRef } = items[index];
    results[index] = await recordDeliveryCommand(deps, ctx, seen, externalRef).then(
      (value): PromiseSettledResult<ReferralMoveResult> => ({ status: "fulfilled", value }),
      (reason: unknown): PromiseSettledResult<ReferralMoveResult> => ({ status: "rejected", reason }),
    );
  }));
  return results;
}

/** The group's transaction; resolves with the referrals as written, rejects (rolled back) when any row moved. */
function writeGroup(deps: HubDeps, group: readonly Decided[]): Promise<ReferralEntity[]> {
  return inTransaction(deps, async (em) => {
    const patches = group.map((g) => ({ ...g.result.patch, state: g.result.to, updatedAt: g.now }) as Record<string, unknown>);
    const set: Record<string, unknown> = {};
    const params: Record<string, unknown> = {};
    const meta = em.connection.getMetadata(ReferralEntity);
    for (const key of new Set(patches.flatMap((p) => Object.keys(p)))) {
      const values = patches.map((p) => p[key]);
      if (values.every((v) => sameValue(v, values[0]))) {
        set[key] = values[0];
        continue;
      }
      // Values that differ per row (the partner's reference) are chosen by id; the driver binds each parameter.
      const column = em.connection.driver.escape(meta.findColumnWithPropertyName(key)?.databaseName ?? key);
      const cases = group.map((g, k) => {
        params[`${key}_id${k}`] = g.item.seen.id;
        // Bound inside raw SQL, which TypeORM does not convert: a Date takes the driver's form.
        const v = values[k];
        params[`${key}_v${k}`] = v instanceof Date ? dateParam(em.connection, v) : v;
        return `WHEN :${key}_id${k} THEN :${key}_v${k}`;
      });
      set[key] = () => `CASE ${em.connection.driver.escape("id")} ${cases.join(" ")} ELSE ${column} END`;
    }
    const ids = group.map((g) => g.item.seen.id);
    const { affected } = await em.createQueryBuilder().update(ReferralEntity).set(set).setParameters(params)
      .where("id IN (:...ids) AND state = :seenState AND externalRef IS NULL", { ids, seenState: ReferralState.SENT }).execute();
    if (affected !== group.length) throw new GroupMovedError(`${group.length - (affected ?? 0)} of ${group.length} referrals moved since they were read`);
    const moves: RecordedMove[] = group.map((g, k) => ({
      ctx: g.item.ctx,
      referral: Object.assign(Object.create(Object.getPrototypeOf(g.item.seen) as object) as ReferralEntity, g.item.seen, patches[k]),
      event: g.event,
      result: g.result,
      reason: null,
      now: g.now,
    }));
    await recordMoves(em, moves);
    return moves.map((m) => m.referral);
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}
