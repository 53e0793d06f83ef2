import { EntityManager } from "typeorm";
import { ReferralEntity } from "../db/entities";
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
    const affected = await updateGroup(em, group.map((g) => g.item.seen.id), patches);
    if (affected !== group.length) throw new GroupMovedError(`${group.length - affected} of ${group.length} referrals moved since they were read`);
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

/**
 * The group's compare-and-set: `UPDATE referral SET <col> = ?, <col> = CASE id WHEN ? THEN ? … ELSE <col> END …
 * WHERE id IN (…) AND state = 'SENT' AND externalRef IS NULL`, as raw SQL with positional parameters on the
 * transaction's query runner (the query builder's named parameters cost O(parameters²) to allocate per group).
 * A value equal for every row is set once; values that differ (the partner's reference) are chosen by id.
 * @returns how many rows it changed.
 */
async function updateGroup(em: EntityManager, ids: readonly number[], patches: readonly Record<string, unknown>[]): Promise<number> {
  const meta = em.connection.getMetadata(ReferralEntity);
  const assignments: string[] = [];
  const params: unknown[] = [];
  for (const key of new Set(patches.flatMap((p) => Object.keys(p)))) {
    const column = meta.findColumnWithPropertyName(key)?.databaseName;
    if (!column) throw new Error(`referral has no column for ${key}`);
    // A row whose patch leaves the property undefined keeps its value (ELSE), as the query builder skipped it.
    const values = patches.map((p) => p[key]);
    if (values[0] !== undefined && values.every((v) => sameValue(v, values[0]))) {
      assignments.push(`\`${column}\` = ?`);
      params.push(values[0]);
      continue;
    }
    const cases = ids.flatMap((id, k) => (values[k] === undefined ? [] : [id, values[k]]));
    assignments.push(`\`${column}\` = CASE \`id\` ${"WHEN ? THEN ? ".repeat(cases.length / 2)}ELSE \`${column}\` END`);
    params.push(...cases);
  }
  params.push(...ids, ReferralState.SENT);
  const sql = `UPDATE \`referral\` SET ${assignments.join(", ")} WHERE \`id\` IN (${ids.map(() => "?").join(", ")}) AND \`state\` = ? AND \`externalRef\` IS NULL`;
  const runner = em.queryRunner;
  if (!runner) throw new Error("updateGroup runs inside a transaction");
  const result = (await runner.query(sql, params, true)) as { affected?: number };
  return result.affected ?? 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}
