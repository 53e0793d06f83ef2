import { EntityManager } from "typeorm";
import { canSeePetition } from "../domain/access/visibility";
import { BadInputError, NotFoundError } from "../domain/errors";
import { MatterLinkDecision } from "../domain/matters/matter-link";
import { MatterLinkDecisionEntity, PetitionAccessEntity, PetitionEntity } from "../db/entities";
import { CommandContext } from "./command-context";

/** The most a decision's reason may hold (the column's length). */
export const MAX_LINK_REASON = 1000;

/** A person's reason for a link decision: required, trimmed, bounded. */
export function linkReason(raw: string | null | undefined): string {
  const v = raw?.trim() ?? "";
  if (!v) throw new BadInputError("reason is required", [{ path: "reason", message: "required" }]);
  if (v.length > MAX_LINK_REASON) throw new BadInputError("reason is too long", [{ path: "reason", message: `at most ${MAX_LINK_REASON} characters` }]);
  return v;
}

/**
 * Loads a petition the caller may see, locked for the rest of the transaction (MariaDB; SQLite serialises writers).
 * Invisible and missing look the same (NOT_FOUND), so ids cannot be probed through link decisions.
 */
export async function visiblePetitionForUpdate(em: EntityManager, ctx: CommandContext, id: number): Promise<PetitionEntity> {
  const qb = em.createQueryBuilder(PetitionEntity, "p").where("p.id = :id", { id });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  const petition = await qb.getOne();
  const access = petition ? await em.findBy(PetitionAccessEntity, { petitionId: id }) : [];
  if (!petition || !canSeePetition(ctx.principal, { access, accusedOrgId: petition.accusedOrgId })) throw new NotFoundError("petition", id);
  return petition;
}

/**
 * Two visible petitions, locked in ascending id order so that two decisions on the same pair (A→B and B→A) cannot
 * deadlock each other on MariaDB.
 */
export async function visiblePairForUpdate(em: EntityManager, ctx: CommandContext, a: number, b: number): Promise<[PetitionEntity, PetitionEntity]> {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  const first = await visiblePetitionForUpdate(em, ctx, lo);
  const second = await visiblePetitionForUpdate(em, ctx, hi);
  return a < b ? [first, second] : [second, first];
}

/** Appends one decision on an item's matter, with who made it and why. */
export async function recordLinkDecision(
  em: EntityManager,
  ctx: CommandContext,
  at: Date,
  d: { petitionId: number; otherPetitionId: number | null; decision: MatterLinkDecision; fromMatterId: number; toMatterId: number; reason: string },
): Promise<void> {
  await em.insert(MatterLinkDecisionEntity, { ...d, actor: ctx.principal.subject.slice(0, 200), actorOrgId: ctx.principal.orgId, at });
}
