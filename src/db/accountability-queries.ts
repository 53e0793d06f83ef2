import { DataSource } from "typeorm";
import { Principal, seesEverything } from "../domain/access/principal";
import { AccountabilityCause, AccountabilityState } from "../domain/accountability/accountability-terms";
import { canSeeAccountabilityCandidate } from "../domain/accountability/accountability-visibility";
import { AccountabilityCandidateEntity } from "./entities";

/** Candidates the caller may see (the city bureau: all; a supervisor: those it reviews), newest first. */
export async function listAccountabilityCandidates(db: DataSource, p: Principal, opts: { cause?: AccountabilityCause; state?: AccountabilityState; first: number }): Promise<AccountabilityCandidateEntity[]> {
  const qb = db.getRepository(AccountabilityCandidateEntity).createQueryBuilder("c").orderBy("c.id", "DESC").take(opts.first);
  if (!seesEverything(p)) qb.andWhere({ reviewerOrgId: p.orgId });
  if (opts.cause) qb.andWhere({ cause: opts.cause });
  if (opts.state === AccountabilityState.OPEN) qb.andWhere("c.reviewedAt IS NULL");
  if (opts.state === AccountabilityState.REVIEWED) qb.andWhere("c.reviewedAt IS NOT NULL");
  // The SQL filter and the domain rule are the same; the check keeps them honest.
  return (await qb.getMany()).filter((c) => canSeeAccountabilityCandidate(p, c));
}
