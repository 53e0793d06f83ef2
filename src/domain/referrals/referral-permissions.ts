import { Principal, seesEverything, hasRole } from "../access/principal";
import { ForbiddenError } from "../errors";
import { Role } from "../petition-terms";
import { ReferralEventType } from "./referral-lifecycle";

/** Subject prefix of the hub's own workers (delivery, polling, sweeps). */
export const SYSTEM_SUBJECT_PREFIX = "system:";

export const isSystem = (p: Principal) => p.subject.startsWith(SYSTEM_SUBJECT_PREFIX) && seesEverything(p);

/**
 * Who may move a referral: the agency itself acknowledges, answers and returns; the hub's workers deliver and
 * escalate; the city bureau closes (and may record an agency's move on its behalf).
 */
export function assertMayActOnReferral(p: Principal, event: ReferralEventType, agencyOrgId: number): void {
  switch (event) {
    case "DELIVER":
    case "ESCALATE":
      if (isSystem(p)) return;
      break;
    case "ACKNOWLEDGE":
    case "RESPOND":
    case "RETURN":
      if (p.orgId === agencyOrgId && hasRole(p, Role.AGENCY_SYSTEM, Role.HANDLER)) return;
      if (isSystem(p) || (seesEverything(p) && hasRole(p, Role.CASE_OFFICER))) return;
      break;
    case "CLOSE":
      if (seesEverything(p) && hasRole(p, Role.CASE_OFFICER)) return;
      break;
  }
  throw new ForbiddenError(`${p.orgCode} may not ${event} this referral`);
}

/** An agency sees only its own referrals; the city bureau sees all. */
export const canSeeReferral = (p: Principal, agencyOrgId: number) => seesEverything(p) || p.orgId === agencyOrgId;
