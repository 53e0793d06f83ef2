import { PetitionEntity, PetitionTransitionEntity } from "../db/entities";
import { citizenProgress, CLOSED_STATES, ProgressEntry } from "../domain/citizen/citizen-progress";
import { normaliseQueryCode, QUERY_CODE_FIELD } from "../domain/citizen/query-code";
import { BadInputError, DomainError } from "../domain/errors";
import { AttemptLimit, AttemptLimiter } from "../platform/attempt-limiter";
import { noteAudit } from "./audit-scope";
import { HubDeps } from "./command-context";

/** The wrong-code counter citizen lookups share across processes, and its limits (CITIZEN_LOOKUP_* in config). */
export interface CitizenLookupSettings {
  limiter: AttemptLimiter;
  perClient: AttemptLimit;
  perPetition: AttemptLimit;
}

/** Too many wrong query codes from this address, or against this petition, in the current window. */
export class LookupRateLimitedError extends DomainError {
  constructor(windowSeconds: number) {
    super("RATE_LIMITED", "too many wrong query codes; try again later", { retryAfterSeconds: windowSeconds });
  }
}

/**
 * A wrong number and a wrong code fail alike, so the answer does not tell a guesser which petition numbers exist.
 * Petition numbers are printed on letters and receipts; the code is the secret.
 */
export class LookupNotFoundError extends DomainError {
  constructor() {
    super("NOT_FOUND", "no petition with that number and query code");
  }
}

/** What a petitioner sees: the item's number, whether it is closed, and its steps with dates — nothing else. */
export interface CitizenProgressView {
  number: string;
  closed: boolean;
  steps: ProgressEntry[];
}

const NUMBER_MAX = 32;

/**
 * Looks up a petition's progress by its number and query code, for a caller without an account. Wrong codes count
 * against the client address and the petition (Redis, shared by all hub processes); once either limit is used up,
 * every lookup for it is refused until the window ends, the right code included, so guessing cannot go on
 * behind a correct lookup. The audit entry (the resolver's audited read) names the petition on success.
 */
export async function lookUpProgress(deps: HubDeps, q: { number: string; queryCode: string; clientIp: string | null }): Promise<CitizenProgressView> {
  const s = deps.citizen;
  if (!s) throw new DomainError("UNAVAILABLE", "citizen lookups are not configured in this process");
  const number = q.number.trim().toUpperCase();
  if (number.length === 0 || number.length > NUMBER_MAX) throw new BadInputError("invalid petition number", [{ path: "number", message: `1..${NUMBER_MAX} characters` }]);
  const keys = [
    { key: `client:${q.clientIp ?? "unknown"}`, limit: s.perClient },
    { key: `petition:${number}`, limit: s.perPetition },
  ];
  const exhausted = await s.limiter.exhausted(keys);
  if (exhausted.length) throw new LookupRateLimitedError(Math.max(...keys.filter((k) => exhausted.includes(k.key)).map((k) => k.limit.windowSeconds)));

  const code = normaliseQueryCode(q.queryCode.slice(0, 64));
  const petition = await deps.db.getRepository(PetitionEntity).findOne({ where: { number }, select: { id: true, number: true, state: true, queryCodeDigest: true } });
  if (!code || !petition?.queryCodeDigest || !deps.pii.matchesKeyedDigest(petition.queryCodeDigest, [QUERY_CODE_FIELD, code])) {
    await s.limiter.fail(keys);
    throw new LookupNotFoundError();
  }
  noteAudit({ resourceType: "petition", resourceId: String(petition.id), petitionId: petition.id });
  const moves = await deps.db.getRepository(PetitionTransitionEntity).find({ where: { petitionId: petition.id }, select: { id: true, event: true, at: true }, order: { id: "ASC" } });
  return { number: petition.number, closed: CLOSED_STATES.includes(petition.state), steps: citizenProgress(moves) };
}
