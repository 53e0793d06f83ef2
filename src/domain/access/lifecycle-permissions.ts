import { ForbiddenError } from "../errors";
import { PetitionEventType } from "../lifecycle/petition-events";
import { Role } from "../petition-terms";
import { Principal, hasRole, isPetitionDepartment, seesEverything } from "./principal";

/** Who acts on a petition: the current handler and the organ that reviews its answers. */
export interface ActorFacts {
  handlerOrgId: number | null;
  /** 复查 goes to the level above the handler (Art. 35). */
  reviewerOrgId: number | null;
  /** 复核 goes to the level above the reviewing organ (Art. 36). */
  rereviewerOrgId: number | null;
}

/** The parties that act on a petition. */
export type Actor = "PETITION_DEPT" | "HANDLER" | "REVIEWER" | "REREVIEWER" | "BUREAU";

/** Which party performs each move. The city bureau may record any move on a party's behalf (audited). */
export const PERFORMER: Readonly<Record<PetitionEventType, readonly Actor[]>> = {
  REGISTER: ["PETITION_DEPT"],
  START_ROUTING: ["PETITION_DEPT"],
  FORWARD: ["PETITION_DEPT"],
  ASSIGN: ["PETITION_DEPT"],
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
  EVALUATE: ["PETITION_DEPT", "HANDLER"],
  REQUEST_REVIEW: ["PETITION_DEPT", "REVIEWER"],
  ISSUE_REVIEW: ["REVIEWER"],
  REQUEST_REREVIEW: ["PETITION_DEPT", "REREVIEWER"],
  ISSUE_REREVIEW: ["REREVIEWER"],
  TERMINATE: ["BUREAU"],
};

const ACTING_ROLES = [Role.REGISTRAR, Role.CASE_OFFICER, Role.HANDLER];

/**
 * Throws FORBIDDEN unless the principal may perform `event`. Returns the organisation the move is recorded
 * on behalf of when the bureau acts for another party, else null.
 */
export function assertMayPerform(p: Principal, event: PetitionEventType, f: ActorFacts): number | null {
  if (!hasRole(p, ...ACTING_ROLES)) throw new ForbiddenError(`role ${p.roles.join(",") || "none"} cannot change petitions`);
  const allowed = PERFORMER[event];
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
