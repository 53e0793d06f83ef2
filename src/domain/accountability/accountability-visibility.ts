import { Principal, seesEverything } from "../access/principal";

/**
 * Who sees an accountability candidate: the city bureau, and the organisation that reviews the responsible unit (its
 * supervisor, fixed when the candidate was raised). The responsible unit itself does not: a candidate is a proposal
 * about its people, not a task for it, and it learns of it through the review.
 */
export const canSeeAccountabilityCandidate = (p: Principal, c: { reviewerOrgId: number | null }): boolean => seesEverything(p) || (c.reviewerOrgId !== null && c.reviewerOrgId === p.orgId);
