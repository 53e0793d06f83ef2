import { z } from "zod";
import { EntityManager } from "typeorm";
import { DomainError, InvalidTransitionError, NotFoundError } from "../domain/errors";
import { responseDueAt } from "../domain/referrals/referral-lifecycle";
import { ReferralDirection, ReferralRole, ReferralState } from "../domain/referrals/referral-terms";
import { OrganizationEntity, PetitionEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { parseInput, SubmitPetitionInput, submitPetitionInput } from "./petition-input";
import { submitPetitionIn } from "./submit-petition";
import { openRaisedPetitioners, sealRaisedPetitioners } from "../db/petitioner-pii";
import { assertOperationAllowed } from "../domain/access/policy";

/** What an agency reports; the same rules as a registrar's input, minus the bureau-only fields. */
export const raisedInput = z.object({
  category: submitPetitionInput.shape.category,
  localityOrgId: z.number().int().positive(),
  summary: submitPetitionInput.shape.summary,
  request: submitPetitionInput.shape.request,
  specialGroups: submitPetitionInput.shape.specialGroups,
  petitioners: submitPetitionInput.shape.petitioners,
});

/** Working days the bureau has to take up a case an agency raised (default: the partner's own response period). */
const BUREAU_TAKE_UP_WORKDAYS = 5;

/** An agency raises a case towards the bureau (the other direction of 特殊群体联动). */
export async function raiseReferral(deps: HubDeps, ctx: CommandContext, raw: unknown): Promise<ReferralEntity> {
  const p = ctx.principal;
  assertOperationAllowed(p, "Mutation.raiseReferral");
  const input = parseInput(raisedInput, raw);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    if (!(await em.existsBy(OrganizationEntity, { id: input.localityOrgId }))) throw new NotFoundError("organisation", input.localityOrgId);
    const r = await em.save(
      em.create(ReferralEntity, {
        petitionId: null, agencyOrgId: p.orgId, direction: ReferralDirection.INBOUND, role: ReferralRole.CO_HANDLER, state: ReferralState.RAISED,
        expected: [], reason: `raised by ${p.orgCode}`, responseDueAt: responseDueAt(deps.calc.calendar, now, BUREAU_TAKE_UP_WORKDAYS),
        returnDueAt: null, externalRef: null, deliveredAt: null, acknowledgedAt: null, respondedAt: null, returnedAt: null, returnReason: null,
        escalatedAt: null, closedAt: null, response: null, raised: { ...input, petitioners: sealRaisedPetitioners(deps.pii, input.petitioners) }, createdAt: now, updatedAt: now,
      }),
    );
    await em.insert(ReferralTransitionEntity, { referralId: r.id, event: "RAISE", fromState: null, toState: ReferralState.RAISED, actor: p.subject, actorOrgId: p.orgId, reason: null, details: null, requestId: ctx.requestId ?? null, at: now });
    await appendOutbox(em, "referral", r.id, [{ type: "referral.raised", data: { referralId: r.id, agencyCode: p.orgCode } }], { actor: p.subject, requestId: ctx.requestId, at: now });
    return r;
  });
}

/**
 * Reads the raised case with a row lock held to the end of the transaction (MySQL/MariaDB `FOR UPDATE`), so a second,
 * concurrent registration waits for the first and then sees it REGISTERED instead of registering a second petition.
 * SQLite needs no lock: the hub's transactions on it run one after another (db/transaction.ts).
 */
async function lockRaisedReferral(em: EntityManager, id: number): Promise<ReferralEntity | null> {
  const qb = em.createQueryBuilder(ReferralEntity, "r").where("r.id = :id AND r.direction = :direction", { id, direction: ReferralDirection.INBOUND });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  return qb.getOne();
}

/**
 * A repeated or concurrent registration of a raised case: refused with the transition code the sequential repeat
 * always had, naming the petition the first registration created (`extensions.petitionId`).
 */
export class AlreadyRegisteredError extends DomainError {
  constructor(referralId: number, petitionId: number) {
    super("INVALID_TRANSITION", `referral ${referralId} is already registered as petition ${petitionId}`, { from: ReferralState.REGISTERED, event: "REGISTER", petitionId: String(petitionId) });
  }
}

/** The bureau registers a petition from an agency's case, in one transaction with linking the referral. */
export async function registerRaisedReferral(deps: HubDeps, ctx: CommandContext, referralId: number, channel: SubmitPetitionInput["channel"]): Promise<PetitionEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.registerRaisedReferral");
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const r = await lockRaisedReferral(em, referralId);
    if (!r) throw new NotFoundError("referral", referralId);
    if (r.state === ReferralState.REGISTERED && r.petitionId !== null) throw new AlreadyRegisteredError(r.id, r.petitionId);
    if (r.state !== ReferralState.RAISED) throw new InvalidTransitionError(r.state, "REGISTER");
    const raised = r.raised as z.infer<typeof raisedInput>;
    const petitioners = openRaisedPetitioners(deps.pii, raised.petitioners ?? []);
    const petition = await submitPetitionIn(em, deps, ctx, { ...raised, petitioners, channel, receivedAt: r.createdAt });
    await em.update(ReferralEntity, { id: r.id }, { petitionId: petition.id, state: ReferralState.REGISTERED, updatedAt: now });
    await em.insert(ReferralTransitionEntity, { referralId: r.id, event: "REGISTER", fromState: r.state, toState: ReferralState.REGISTERED, actor: ctx.principal.subject, actorOrgId: ctx.principal.orgId, reason: null, details: { petitionId: petition.id }, requestId: ctx.requestId ?? null, at: now });
    await appendOutbox(em, "referral", r.id, [{ type: "referral.registered", data: { referralId: r.id, petitionId: petition.id } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return petition;
  });
}
