import { In, LessThan } from "typeorm";
import { Principal } from "../domain/access/principal";
import { ReferralState } from "../domain/referrals/referral-terms";
import { ReferralEntity } from "../db/entities";
import { HubDeps } from "./command-context";
import { transitionReferralCommand } from "./transition-referral";

/** Escalates referrals whose first-response deadline has passed without an answer (one event each). */
export async function sweepReferrals(deps: HubDeps, system: Principal, now: Date): Promise<{ escalated: number }> {
  const due = await deps.db.getRepository(ReferralEntity).find({
    where: { state: In([ReferralState.SENT, ReferralState.DELIVERED, ReferralState.ACKNOWLEDGED]), responseDueAt: LessThan(now) },
    take: 1000,
  });
  let escalated = 0;
  for (const r of due) {
    const res = await transitionReferralCommand(deps, { principal: system, now, requestId: "sweep" }, r.id, { type: "ESCALATE" }).catch(() => null);
    if (res && !res.noop) escalated++;
  }
  return { escalated };
}
