import { EntityManager } from "typeorm";
import { AccountabilityCause, AccountabilitySubjectType } from "../domain/accountability/accountability-terms";
import { AccountabilityCandidateEntity } from "../db/entities";
import { appendOutbox } from "./command-context";
import { supervisorOf } from "./raise-alert";

/** What a rule proposes for review. */
export interface AccountabilityCandidateSpec {
  /** One candidate per cause: raising the same key again is a no-op. */
  dedupeKey: string;
  cause: AccountabilityCause;
  /** The article it is coded to, e.g. "信访工作条例 第四十四条" (Arts. 42–46). */
  article: string;
  /** The unit whose conduct is in question. */
  responsibleOrgId: number;
  responsiblePerson: string | null;
  subjectType: AccountabilitySubjectType;
  subjectId: number;
  /** What happened, in words fit for a reviewer; never personal data of the petitioner. */
  summary: string;
}

/**
 * Raises an accountability candidate inside the caller's transaction, with its `accountability.candidateRaised`
 * event on the outbox. The responsible unit's supervisor at this moment becomes the reviewer. Idempotent by
 * `dedupeKey`: returns null when the candidate was raised before, so sweeps and retried commands may call it freely.
 */
export async function raiseAccountabilityCandidate(em: EntityManager, spec: AccountabilityCandidateSpec, meta: { actor: string; requestId?: string; at: Date }): Promise<AccountabilityCandidateEntity | null> {
  if (await em.existsBy(AccountabilityCandidateEntity, { dedupeKey: spec.dedupeKey })) return null;
  const candidate = em.create(AccountabilityCandidateEntity, {
    ...spec,
    summary: spec.summary.slice(0, 500),
    reviewerOrgId: await supervisorOf(em, spec.responsibleOrgId),
    raisedAt: meta.at,
    raisedBy: meta.actor,
    reviewedAt: null,
    reviewedBy: null,
  });
  await em.insert(AccountabilityCandidateEntity, candidate);
  const { id, cause, article, responsibleOrgId, reviewerOrgId, subjectType, subjectId } = candidate;
  await appendOutbox(em, "accountability", id, [{ type: "accountability.candidateRaised", data: { candidateId: id, cause, article, responsibleOrgId, reviewerOrgId, subjectType, subjectId } }], meta);
  return candidate;
}
