import { IsNull, LessThan, LessThanOrEqual } from "typeorm";
import { overdueState } from "../domain/deadlines/deadline-state";
import { DeadlineEntity } from "../db/entities";
import { appendOutbox, HubDeps, inTransaction } from "./command-context";

export interface SweepResult {
  red: number;
  lapsed: number;
  yellow: number;
}

const BATCH = 500;

/**
 * Marks overdue duties BREACHED (red warning) and expired windows LAPSED, and raises yellow warnings
 * the configured working days before a duty falls due. Idempotent: each row is claimed by a conditional
 * update, so concurrent or repeated sweeps raise each warning once.
 */
export async function sweepDeadlines(deps: HubDeps, now: Date): Promise<SweepResult> {
  const result: SweepResult = { red: 0, lapsed: 0, yellow: 0 };
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
  return result;
}
