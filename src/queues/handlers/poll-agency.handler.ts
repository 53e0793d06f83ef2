import { HubDeps } from "../../commands/command-context";
import { transitionReferralCommand } from "../../commands/transition-referral";
import { AgencyConnector, AgencyStatus } from "../../connectors/agency-connector";
import { Principal } from "../../domain/access/principal";
import { DomainError } from "../../domain/errors";
import { ReferralEvent } from "../../domain/referrals/referral-lifecycle";
import { ReferralState } from "../../domain/referrals/referral-terms";
import { referralsAwaitingAgency } from "../../db/referral-queries";

/** The moves an agency's reported status implies, in order (acknowledging before answering). */
function movesFor(s: AgencyStatus): ReferralEvent[] {
  switch (s.status) {
    case "ACKNOWLEDGED":
      return [{ type: "ACKNOWLEDGE" }];
    case "RESPONDED":
      return s.response
        ? [{ type: "ACKNOWLEDGE" }, { type: "RESPOND", response: { opinion: s.response.opinion, actionsTaken: s.response.actionsTaken ?? null, attachments: s.response.attachments } }]
        : [{ type: "ACKNOWLEDGE" }];
    case "RETURNED":
      return [{ type: "RETURN", reason: s.returnReason ?? "returned by the agency" }];
    default:
      return [];
  }
}

/**
 * For agencies that cannot call us: reads each open referral's status from the agency and applies it through the
 * same command the GraphQL callbacks use. Repeats are no-ops, so polling twice is harmless.
 */
export async function pollAgency(deps: HubDeps, connector: AgencyConnector, agencyOrgId: number, system: Principal): Promise<number> {
  let applied = 0;
  for (const r of await referralsAwaitingAgency(deps.db, agencyOrgId)) {
    if (!r.externalRef) continue;
    const status = await connector.fetchStatus(String(r.id), r.externalRef);
    if (!status) continue;
    for (const move of movesFor(status)) {
      if (move.type === "ACKNOWLEDGE" && r.state === ReferralState.ESCALATED && r.acknowledgedAt) continue;
      try {
        const res = await transitionReferralCommand(deps, { principal: system, requestId: `poll:${connector.agencyCode}` }, r.id, move);
        if (!res.noop) applied++;
      } catch (e) {
        // A status the lifecycle does not allow (e.g. a return after acknowledging) is logged, not retried forever.
        if (e instanceof DomainError) deps.log.warn({ referralId: r.id, code: e.code, move: move.type }, "polled status not applicable");
        else throw e;
      }
    }
  }
  return applied;
}
