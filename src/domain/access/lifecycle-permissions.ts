import { ForbiddenError } from "../errors";
import { PetitionEventType } from "../lifecycle/petition-events";
import { PetitionState, Role } from "../petition-terms";
import { Principal, hasRole, isPetitionDepartment, seesEverything } from "./principal";

/** Who acts on a petition: the current handler and the organ that reviews its answers. */
export interface ActorFacts {
  handlerOrgId: number | null;
  /** 复查 goes to the level above the handler (Art. 35). */
  reviewerOrgId: number | null;
  /** 复核 goes to the level above the reviewing organ (Art. 36). */
  rereviewerOrgId: number | null;
  /** The petition's state: who served the last decision depends on it (RECORD_DELIVERY). */
  state?: PetitionState;
}

/** The parties that act on a petition. */
export type Actor = "PETITION_DEPT" | "HANDLER" | "REVIEWER" | "REREVIEWER" | "BUREAU";

/** Which party performs each move. The city bureau may record any move on a party's behalf (audited). */
export const PERFORMER: Readonly<Record<PetitionEventType, readonly Actor[]>> = {
  REGISTER: ["PETITION_DEPT"],
  START_ROUTING: ["PETITION_DEPT"],
  FORWARD: ["PETITION_DEPT"],
  ASSIGN: ["PETITION_DEPT"],
  RECEIVE: ["HANDLER"],
  REROUTE: ["PETITION_DEPT"],
  OBJECT: ["HANDLER"],
  ACCEPT: ["HANDLER"],
  NOT_ACCEPT: ["HANDLER"],
  DIVERT: ["HANDLER"],
  START_HANDLING: ["HANDLER"],
  EXTEND: ["HANDLER"],
  START_HEARING: ["HANDLER", "REREVIEWER"],
  END_HEARING: ["HANDLER", "REREVIEWER"],
  MEDIATE: ["HANDLER"],
  ANSWER: ["HANDLER"],
  // From the petitioner or a return visit, recorded by a petition department; never the handler being rated.
  EVALUATE: ["PETITION_DEPT"],
  REQUEST_REVIEW: ["PETITION_DEPT", "REVIEWER"],
  ISSUE_REVIEW: ["REVIEWER"],
  REQUEST_REREVIEW: ["PETITION_DEPT", "REREVIEWER"],
  ISSUE_REREVIEW: ["REREVIEWER"],
  // Only the organ that issued the decision being served (narrowed by state in `allowedFor`).
  RECORD_DELIVERY: ["HANDLER", "REVIEWER", "REREVIEWER"],
  // Only the hub's own deadline sweep (checked first in assertMayPerform); no person records it.
  MARK_EVAL_OVERDUE: [],
  TERMINATE: ["BUREAU"],
};

/** The organ whose decision awaits service in `state`: a review opinion's reviewer, a 复核 opinion's organ, else the handler. */
export function issuerOf(state: PetitionState | undefined): Actor {
  if (state === PetitionState.REVIEWED) return "REVIEWER";
  if (state === PetitionState.REREVIEWED) return "REREVIEWER";
  return "HANDLER";
}

/** The parties who may perform `event` on a petition with these facts. */
function allowedFor(event: PetitionEventType, f: ActorFacts): readonly Actor[] {
  return event === "RECORD_DELIVERY" ? [issuerOf(f.state)] : PERFORMER[event];
}

const ACTING_ROLES = [Role.REGISTRAR, Role.CASE_OFFICER, Role.HANDLER];

/**
 * Throws FORBIDDEN unless the principal may perform `event`. Returns the organisation the move is recorded
 * on behalf of when the bureau acts for another party, else null.
 */
export function assertMayPerform(p: Principal, event: PetitionEventType, f: ActorFacts): number | null {
  if (event === "MARK_EVAL_OVERDUE") {
    if (p.subject.startsWith("system:") && seesEverything(p)) return null;
    throw new ForbiddenError(`${event} is recorded by the hub's deadline sweep only`);
  }
  if (!hasRole(p, ...ACTING_ROLES)) throw new ForbiddenError(`role ${p.roles.join(",") || "none"} cannot change petitions`);
  const allowed = allowedFor(event, f);
  // The rated handler never records its own evaluation, even when it is a petition department handling locally.
  if (event === "EVALUATE" && f.handlerOrgId === p.orgId) throw new ForbiddenError(`${p.orgCode} handled this petition and may not record its evaluation`);
  const is = (a: Actor) =>
    (a === "PETITION_DEPT" && isPetitionDepartment(p)) ||
    (a === "HANDLER" && f.handlerOrgId === p.orgId) ||
    (a === "REVIEWER" && f.reviewerOrgId === p.orgId) ||
    (a === "REREVIEWER" && f.rereviewerOrgId === p.orgId) ||
    (a === "BUREAU" && seesEverything(p));
  if (allowed.some(is)) return null;
  if (seesEverything(p) && hasRole(p, Role.CASE_OFFICER)) {
    const party = allowed.includes("HANDLER") ? f.handlerOrgId : allowed.includes("REVIEWER") ? f.reviewerOrgId : allowed.includes("REREVIEWER") ? f.rereviewerOrgId : null;
    return party;
  }
  throw new ForbiddenError(`${p.orgCode} may not ${event} this petition`);
}
