import { Principal } from "../domain/access/principal";
import { DisputeCaseState } from "../domain/early-warning/dispute-case-terms";
import { HubDeps } from "../commands/command-context";
import { listDisputeCases } from "../db/dispute-case-queries";
import { DisputeCaseType } from "../schema/dispute-case.type";

/** How many open dispute cases the screen lists. */
const DISPUTE_CASES_SHOWN = 20;

/**
 * The 矛盾纠纷调解 / 访前化解 panel of the command screen: open cases, newest first, in the scope of
 * Query.disputeCases (the ledger rule: the bureau all, a county office its own locality, others nothing). The rule
 * depends on the caller's organisation only, so the figures stay shared per dashboardScope.
 */
export async function openDisputeCasesPanel(deps: HubDeps, principal: Principal): Promise<DisputeCaseType[]> {
  return (await listDisputeCases(deps.db, principal, DisputeCaseState.OPEN, DISPUTE_CASES_SHOWN, null)).map(DisputeCaseType.from);
}
