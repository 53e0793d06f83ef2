import { HubDeps } from "../../commands/command-context";
import { transitionReferralCommand } from "../../commands/transition-referral";
import { AgencyConnector, AgencyStatus } from "../../connectors/agency-connector";
import { Principal } from "../../domain/access/principal";
import { DomainError } from "../../domain/errors";
import { ReferralEvent } from "../../domain/referrals/referral-lifecycle";
import { ReferralState } from "../../domain/referrals/referral-terms";
import { ReferralEntity } from "../../db/entities";
import { markPolled, referralsAwaitingAgency } from "../../db/referral-queries";

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

/** What one polling run did: referrals read, moves applied, status calls (or moves) that failed. */
export interface PollResult {
  polled: number;
  applied: number;
  failed: number;
}

/** Failures logged one by one per run; the rest are in the run's count (an agency that is down fails them all). */
const LOGGED_FAILURES_PER_RUN = 5;

/**
 * For agencies that cannot call us: reads the status of up to `batch` open referrals, least recently polled first,
 * and applies each through the same command the GraphQL callbacks use. Repeats are no-ops, so polling twice is
 * harmless. One referral's failure (a status call that errors, a move that cannot be applied) is logged and
 * counted, and the others are still polled; every referral read goes to the back of the line.
 */
export async function pollAgency(deps: HubDeps, connector: AgencyConnector, agencyOrgId: number, system: Principal, batch = 200): Promise<PollResult> {
  const result: PollResult = { polled: 0, applied: 0, failed: 0 };
  const agency = connector.agencyCode;
  const polledIds: number[] = [];
  try {
    for (const r of await referralsAwaitingAgency(deps.db, agencyOrgId, batch)) {
      polledIds.push(r.id);
      if (!r.externalRef) continue;
      result.polled++;
      try {
        result.applied += await applyStatus(deps, connector, r, system);
      } catch (err) {
        result.failed++;
        if (result.failed <= LOGGED_FAILURES_PER_RUN) deps.log.warn({ agency, referralId: r.id, err: errorText(err) }, "status poll of a referral failed; the others go on");
      }
    }
  } finally {
    await markPolled(deps.db, polledIds, new Date());
  }
  if (result.failed > 0) deps.log.warn({ agency, ...result }, "status poll finished with failures");
  return result;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Reads one referral's status and applies the moves it implies; returns how many changed something. */
async function applyStatus(deps: HubDeps, connector: AgencyConnector, r: ReferralEntity, system: Principal): Promise<number> {
  const status = await connector.fetchStatus(String(r.id), r.externalRef!);
  if (!status) return 0;
  let applied = 0;
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
  return applied;
}
