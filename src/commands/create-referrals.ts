import { EntityManager, In } from "typeorm";
import { responseDueAt } from "../domain/referrals/referral-lifecycle";
import { ReferralDirection, ReferralState } from "../domain/referrals/referral-terms";
import { decideReferrals } from "../domain/referrals/routing-rules";
import { SpecialGroup } from "../domain/petition-terms";
import { OrganizationEntity, PetitionEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";
import { CommandContext, HubDeps, nowOf, referralSettings } from "./command-context";
import { PendingWrites } from "./pending-writes";
import { insertRow, insertRows } from "../db/insert-rows";

/** Outbox event that the relay routes to the agency's own delivery queue. */
export const DELIVERY_REQUESTED = "referral.delivery-requested";

/**
 * Refers a newly registered petition to the partner agencies and special units the routing rules select,
 * inside the caller's transaction: referral rows, access for each agency, timeline, and two events per referral
 * (one for listeners, one that the relay turns into a delivery job). The competent handler's clocks are untouched.
 * A caller that already read the locality and accused organisations passes them; with `writes`, access grants and
 * events are left there for the caller to flush with the rest of its command.
 */
export async function createReferralsForPetition(
  em: EntityManager,
  deps: HubDeps,
  ctx: CommandContext,
  petition: PetitionEntity,
  known: { locality?: OrganizationEntity; accused?: OrganizationEntity | null; writes?: PendingWrites } = {},
): Promise<ReferralEntity[]> {
  const now = nowOf(ctx);
  const settings = referralSettings(deps);
  const locality = known.locality ?? (await em.findOneByOrFail(OrganizationEntity, { id: petition.localityOrgId }));
  const accused = known.accused !== undefined ? known.accused : petition.accusedOrgId ? await em.findOneBy(OrganizationEntity, { id: petition.accusedOrgId }) : null;
  const decisions = decideReferrals(
    {
      category: petition.category,
      specialGroups: petition.specialGroups ? (petition.specialGroups.split(",") as SpecialGroup[]) : [],
      localityCode: locality.code,
      summary: petition.summary,
      request: petition.request,
      excludedCodes: accused ? [accused.code] : [],
    },
    settings.rules,
  );
  if (decisions.length === 0) return [];
  const agencies = await em.findBy(OrganizationEntity, { code: In(decisions.map((d) => d.agencyCode)) });
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const writes = known.writes ?? new PendingWrites();
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  const created: ReferralEntity[] = [];
  for (const d of decisions) {
    const agency = byCode.get(d.agencyCode);
    if (!agency) {
      deps.log.warn({ agencyCode: d.agencyCode }, "routing rule names an unknown organisation; skipped");
      continue;
    }
    // One INSERT per referral: its id is needed for its history and events, and a multi-row INSERT's ids are only
    // consecutive under some auto-increment lock modes.
    const referral = em.create(ReferralEntity, {
      petitionId: petition.id,
      agencyOrgId: agency.id,
      direction: ReferralDirection.OUTBOUND,
      role: d.role,
      state: ReferralState.SENT,
      expected: d.expected,
      reason: d.reasons.join("；").slice(0, 300),
      responseDueAt: responseDueAt(deps.calc.calendar, now, d.responseWorkdays),
      returnDueAt: null, externalRef: null, deliveredAt: null, acknowledgedAt: null, respondedAt: null,
      returnedAt: null, returnReason: null, escalatedAt: null, closedAt: null, response: null, raised: null,
      createdAt: now,
      updatedAt: now,
    });
    referral.id = await insertRow(em, ReferralEntity, referral);
    referral.version = 1;
    created.push(referral);
    writes.grant(petition.id, [{ orgId: agency.id, reason: "REFERRAL" }]);
    const data = { referralId: referral.id, petitionId: petition.id, petitionNumber: petition.number, agencyCode: agency.code, role: d.role, responseDueAt: referral.responseDueAt.toISOString() };
    writes.append([{ type: "referral.created", data }, { type: DELIVERY_REQUESTED, data }].map((event) => ({ aggregateType: "referral", aggregateId: referral.id, event, meta })));
  }
  if (created.length)
    await insertRows(em, ReferralTransitionEntity, created.map((referral) => ({
      referralId: referral.id, event: "CREATE", fromState: null, toState: ReferralState.SENT, actor: ctx.principal.subject,
      actorOrgId: ctx.principal.orgId, reason: referral.reason, details: null, requestId: ctx.requestId ?? null, at: now,
    })));
  if (!known.writes) await writes.flush(em);
  return created;
}
