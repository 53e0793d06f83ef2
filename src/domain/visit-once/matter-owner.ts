import { DomainError } from "../errors";
import { OrgKind } from "../petition-terms";
import { Principal, seesEverything } from "../access/principal";

/**
 * 首接首办: the first receiving unit (the petition department that registered a matter's first item) owns the matter
 * to its end. Moving ownership needs a recorded reason and a higher level's approval. Pure rules; the commands load
 * the facts (the current owner and its supervisor, `supervisorOf`).
 */

/** A reassignment request's life: PENDING until a higher level approves or refuses it (both final). */
export enum ReassignmentState {
  PENDING = "PENDING",
  APPROVED = "APPROVED",
  REFUSED = "REFUSED",
}

/** The most a reassignment's reason or decision note may hold (the columns' length). */
export const MAX_REASSIGNMENT_TEXT = 1000;

/**
 * Refused because the approval does not come from a higher level than the owner (its supervisor or the city bureau),
 * or comes from the person who asked: ownership never moves without it. Stable code `HIGHER_APPROVAL_REQUIRED`.
 */
export class HigherApprovalRequiredError extends DomainError {
  constructor(why: string) {
    super("HIGHER_APPROVAL_REQUIRED", `a reassignment of the first receiving unit needs the approval of a higher level: ${why}`, { why });
  }
}

/** Only petition departments receive petitions first (Art. 17), so only they may own a matter. */
export const mayOwnMatter = (org: { kind: OrgKind }): boolean => org.kind === OrgKind.PETITION_BUREAU || org.kind === OrgKind.PETITION_OFFICE;

/**
 * Whether the principal's organisation is a higher level for an owner: its supervisor, or the city bureau. The city
 * bureau is the top of the city's chain (its own supervisor, the provincial bureau, does not sign in here), so it is
 * the higher level for the matters it owns too; the four-eyes rule (never the requester) still applies to it.
 */
export const isHigherLevel = (p: Principal, owner: { orgId: number; supervisorId: number | null }): boolean => seesEverything(p) || (p.orgId !== owner.orgId && p.orgId === owner.supervisorId);

/** Who may ask to move ownership: the owner itself, or a higher level (which may still not approve its own request). */
export const mayRequestReassignment = (p: Principal, owner: { orgId: number; supervisorId: number | null }): boolean => p.orgId === owner.orgId || isHigherLevel(p, owner);

/** Who sees a request: the organisations it concerns (owner at the time, target, requester), a higher level. */
export const canSeeReassignment = (p: Principal, r: { fromOrgId: number; toOrgId: number; requestedByOrgId: number }, supervisorId: number | null): boolean =>
  seesEverything(p) || [r.fromOrgId, r.toOrgId, r.requestedByOrgId].includes(p.orgId) || p.orgId === supervisorId;

/**
 * Why a decision on a request is refused, or null when the principal may decide it: another principal than the
 * requester (four eyes), from a higher level than the owner the request moves the matter from.
 */
export function approvalRefusal(p: Principal, r: { requestedBy: string; fromOrgId: number }, supervisorId: number | null): string | null {
  if (p.subject === r.requestedBy) return "the requester cannot decide its own request";
  if (p.orgId === r.fromOrgId && !seesEverything(p)) return "the owner cannot approve its own reassignment";
  if (!isHigherLevel(p, { orgId: r.fromOrgId, supervisorId })) return "only the owner's supervisor or the city bureau decides";
  return null;
}
