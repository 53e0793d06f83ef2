import { EntityManager, In } from "typeorm";
import { responseDueAt } from "../domain/referrals/referral-lifecycle";
import { ReferralDirection, ReferralState } from "../domain/referrals/referral-terms";
import { decideReferrals } from "../domain/referrals/routing-rules";
import { SpecialGroup } from "../domain/petition-terms";
import { OrganizationEntity, PetitionEntity, ReferralEntity, ReferralTransitionEntity } from "../db/entities";
import { grantAccess } from "../db/petition-access";
import { appendOutbox, CommandContext, HubDeps, nowOf, referralSettings } from "./command-context";

/** Outbox event that the relay routes to the agency's own delivery queue. */
export const DELIVERY_REQUESTED = "referral.delivery-requested";

/**
 * Refers a newly registered petition to the partner agencies and special units the routing rules select,
 * inside the caller's transaction: referral rows, access for each agency, timeline, and two events per referral
 * (one for listeners, one that the relay turns into a delivery job). The competent handler's clocks are untouched.
 */
export async function createReferralsForPetition(em: EntityManager, deps: HubDeps, ctx: CommandContext, petition: PetitionEntity): Promise<ReferralEntity[]> {
  const now = nowOf(ctx);
  const settings = referralSettings(deps);
  const locality = await em.findOneByOrFail(OrganizationEntity, { id: petition.localityOrgId });
  const accused = petition.accusedOrgId ? await em.findOneBy(OrganizationEntity, { id: petition.accusedOrgId }) : null;
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
  const created: ReferralEntity[] = [];
  for (const d of decisions) {
    const agency = byCode.get(d.agencyCode);
    if (!agency) {
      deps.log.warn({ agencyCode: d.agencyCode }, "routing rule names an unknown organisation; skipped");
      continue;
    }
    const referral = await em.save(
      em.create(ReferralEntity, {
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
      }),
    );
    created.push(referral);
    await grantAccess(em, petition.id, [{ orgId: agency.id, reason: "REFERRAL" }]);
    await em.insert(ReferralTransitionEntity, {
      referralId: referral.id, event: "CREATE", fromState: null, toState: ReferralState.SENT, actor: ctx.principal.subject,
      actorOrgId: ctx.principal.orgId, reason: referral.reason, details: null, requestId: ctx.requestId ?? null, at: now,
    });
    const data = { referralId: referral.id, petitionId: petition.id, petitionNumber: petition.number, agencyCode: agency.code, role: d.role, responseDueAt: referral.responseDueAt.toISOString() };
    await appendOutbox(em, "referral", referral.id, [{ type: "referral.created", data }, { type: DELIVERY_REQUESTED, data }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
  }
  return created;
}
