import { In, IsNull, LessThan } from "typeorm";
import { Principal } from "../domain/access/principal";
import { DomainError } from "../domain/errors";
import { ReferralDirection, ReferralState } from "../domain/referrals/referral-terms";
import { ReferralEntity } from "../db/entities";
import { HubDeps } from "./command-context";
import { flagTakeUpOverdue } from "./flag-take-up-overdue";
import { transitionReferralCommand } from "./transition-referral";

/**
 * What one referral sweep did. `referralsFailed`: moves that threw a fault (each logged as an error);
 * `referralsSkipped`: refused by the lifecycle because the referral moved on since it was read (logged as a warning).
 * Named apart from the deadline sweep's counts, which the periodic task reports in the same log line.
 */
export interface ReferralSweepResult {
  escalated: number;
  takeUpOverdue: number;
  referralsFailed: number;
  referralsSkipped: number;
}

/** Referrals handled per sweep and kind; the next sweep takes the rest (oldest due first). */
const SWEEP_BATCH = 1000;

/**
 * Escalates outbound referrals whose first-response deadline passed without an answer, and flags raised cases whose
 * bureau take-up period passed (one event each). One referral's failure is logged with its id and counted, never
 * swallowed; the others are still swept, and the next sweep retries it.
 */
export async function sweepReferrals(deps: HubDeps, system: Principal, now: Date): Promise<ReferralSweepResult> {
  const repo = deps.db.getRepository(ReferralEntity);
  const result: ReferralSweepResult = { escalated: 0, takeUpOverdue: 0, referralsFailed: 0, referralsSkipped: 0 };
  // Ids only: a row that cannot be read whole fails in its own transaction below, not the whole sweep.
  const due = await repo.find({
    select: { id: true },
    where: { state: In([ReferralState.SENT, ReferralState.DELIVERED, ReferralState.ACKNOWLEDGED]), responseDueAt: LessThan(now) },
    order: { responseDueAt: "ASC", id: "ASC" },
    take: SWEEP_BATCH,
  });
  for (const { id } of due) {
    await transitionReferralCommand(deps, { principal: system, now, requestId: "sweep" }, id, { type: "ESCALATE" }).then(
      (res) => void (res.noop || result.escalated++),
      (err: unknown) => recordFailure(deps, result, id, "ESCALATE", err),
    );
  }
  const raised = await repo.find({
    select: { id: true },
    where: { direction: ReferralDirection.INBOUND, state: ReferralState.RAISED, escalatedAt: IsNull(), responseDueAt: LessThan(now) },
    order: { responseDueAt: "ASC", id: "ASC" },
    take: SWEEP_BATCH,
  });
  for (const { id } of raised) {
    await flagTakeUpOverdue(deps, system, id, now).then(
      (flagged) => void (flagged && result.takeUpOverdue++),
      (err: unknown) => recordFailure(deps, result, id, "TAKE_UP_OVERDUE", err),
    );
  }
  if (result.referralsFailed > 0) deps.log.error({ task: "referral-sweep", ...result }, "referral sweep finished with failures");
  return result;
}

function recordFailure(deps: HubDeps, result: ReferralSweepResult, referralId: number, move: string, err: unknown): void {
  // A domain refusal (the referral moved on meanwhile) is expected now and then; anything else is a fault.
  if (err instanceof DomainError) {
    result.referralsSkipped++;
    deps.log.warn({ task: "referral-sweep", referralId, move, code: err.code, error: err.message }, "referral not swept");
  } else {
    result.referralsFailed++;
    deps.log.error({ task: "referral-sweep", referralId, move, err }, "referral sweep step failed");
  }
}
