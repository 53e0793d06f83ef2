import { IsNull, LessThan, LessThanOrEqual } from "typeorm";
import { systemPrincipal } from "../domain/access/principal";
import { DeadlineKind } from "../domain/deadlines/clock-policy";
import { overdueState } from "../domain/deadlines/deadline-state";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { DeadlineEntity, OrganizationEntity } from "../db/entities";
import { appendOutbox, HubDeps, inTransaction } from "./command-context";
import { transitionPetition } from "./transition-petition";

export interface SweepResult {
  red: number;
  lapsed: number;
  yellow: number;
  /** Petitions moved to EVAL_OVERDUE: their evaluation period lapsed without an evaluation. */
  evalOverdue: number;
}

const BATCH = 500;

/**
 * Marks overdue duties BREACHED (red warning) and expired windows LAPSED, and raises yellow warnings
 * the configured working days before a duty falls due. Idempotent: each row is claimed by a conditional
 * update, so concurrent or repeated sweeps raise each warning once. PAUSED clocks (suspended by law) are
 * never read: only OPEN rows are swept, so suspended time raises no warning and no breach.
 * A lapsed evaluation period moves its petition to EVAL_OVERDUE through the lifecycle.
 */
export async function sweepDeadlines(deps: HubDeps, now: Date): Promise<SweepResult> {
  const result: SweepResult = { red: 0, lapsed: 0, yellow: 0, evalOverdue: 0 };
  for (;;) {
    const n = await inTransaction(deps, async (em) => {
      const overdue = await em.find(DeadlineEntity, { where: { state: "OPEN", closedAt: IsNull(), dueAt: LessThan(now) }, take: BATCH, order: { dueAt: "ASC" } });
      for (const d of overdue) {
        const state = overdueState(d.nature);
        const claimed = await em.update(DeadlineEntity, { id: d.id, state: "OPEN" }, { state, redWarnedAt: state === "BREACHED" ? now : null });
        if (!claimed.affected) continue;
        if (state === "BREACHED") result.red++;
        else result.lapsed++;
        await appendOutbox(
          em,
          "petition",
          d.petitionId,
          [{ type: state === "BREACHED" ? "deadline.warning" : "deadline.lapsed", data: { petitionId: d.petitionId, deadlineId: d.id, kind: d.kind, level: state === "BREACHED" ? "RED" : null, dueAt: d.dueAt.toISOString(), basis: d.basis } }],
          { actor: "system:deadline-sweep", at: now },
        );
      }
      return overdue.length;
    });
    if (n < BATCH) break;
  }

  // Candidates: open duties due within a generous horizon; the calendar decides the exact working-day zone.
  const horizon = new Date(now.getTime() + 20 * 86_400_000);
  await inTransaction(deps, async (em) => {
    const soon = await em.find(DeadlineEntity, { where: { state: "OPEN", nature: "DUTY", closedAt: IsNull(), yellowWarnedAt: IsNull(), dueAt: LessThanOrEqual(horizon) } });
    for (const d of soon) {
      if (!deps.calc.inYellowZone(d.dueAt, now)) continue;
      const claimed = await em.update(DeadlineEntity, { id: d.id, yellowWarnedAt: IsNull() }, { yellowWarnedAt: now });
      if (!claimed.affected) continue;
      result.yellow++;
      await appendOutbox(em, "petition", d.petitionId, [{ type: "deadline.warning", data: { petitionId: d.petitionId, deadlineId: d.id, kind: d.kind, level: "YELLOW", dueAt: d.dueAt.toISOString(), basis: d.basis } }], { actor: "system:deadline-sweep", at: now });
    }
  });
  result.evalOverdue = await markEvaluationsOverdue(deps, now);
  return result;
}

/** One lifecycle move per petition whose evaluation period lapsed (the move closes the row, so it runs once). */
async function markEvaluationsOverdue(deps: HubDeps, now: Date): Promise<number> {
  const lapsed = await deps.db.getRepository(DeadlineEntity).find({ where: { kind: DeadlineKind.EVALUATION, state: "LAPSED", closedAt: IsNull() }, take: BATCH });
  if (!lapsed.length) return 0;
  const bureau = await deps.db.getRepository(OrganizationEntity).findOneBy({ kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY });
  if (!bureau) {
    deps.log.error({ count: lapsed.length }, "deadline sweep: no city bureau to record EVAL_OVERDUE as");
    return 0;
  }
  const principal = systemPrincipal(bureau, "deadline-sweep");
  let n = 0;
  for (const d of lapsed) {
    try {
      await transitionPetition(deps, { principal, now, requestId: `sweep:eval-overdue:${d.id}` }, d.petitionId, { type: "MARK_EVAL_OVERDUE" });
      n++;
    } catch (e) {
      // One petition that cannot move (e.g. moved on concurrently) must not stop the others; it is logged, not hidden.
      deps.log.warn({ err: e, petitionId: d.petitionId, deadlineId: d.id }, "deadline sweep: could not mark the evaluation overdue");
    }
  }
  return n;
}
