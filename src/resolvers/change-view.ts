import { ReferralEntity } from "../db/entities";
import { seesEverything } from "../domain/access/principal";
import { canSeeReferral } from "../domain/referrals/referral-permissions";
import { ChangeEventType } from "../schema/change-event.type";
import { ReferralType } from "../schema/referral.type";
import { ChangeEvent } from "../streams/change-event";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { petitionFor } from "./petition-view";

/**
 * The events of a page the caller may see, as it may see them; the same rules as the queries:
 * - petition events: the petition must pass the visibility filter (db/petition-visibility.ts, the SQL form of
 *   canSeePetition, so never the accused unit or under it); the petition is projected through petitionFor;
 * - referral events: canSeeReferral (own agency, or the bureau); their petition only if visible as above;
 * - anything else (machine clients, configuration): the city bureau only.
 * The loaders batch the petitions, their access rows and the referrals of the page into one statement each.
 */
export async function changeViews(ctx: HubContext, events: readonly ChangeEvent[]): Promise<ChangeEventType[]> {
  const p = principalOf(ctx);
  const views = await Promise.all(
    events.map(async (e): Promise<ChangeEventType | null> => {
      let referral: ReferralEntity | null = null;
      if (e.referralId !== null) {
        const r = await ctx.loaders.referral.load(e.referralId);
        referral = r && canSeeReferral(p, r.agencyOrgId) ? r : null;
      }
      const petitionId = e.aggregateType === "referral" ? (referral?.petitionId ?? null) : e.petitionId;
      const petition = petitionId !== null ? await ctx.loaders.visiblePetition.load(petitionId) : null;
      const visible = e.aggregateType === "petition" ? !!petition : e.aggregateType === "referral" ? !!referral : seesEverything(p);
      if (!visible) return null;
      const t = new ChangeEventType();
      t.cursor = e.id;
      t.type = e.type;
      t.aggregateType = e.aggregateType;
      t.at = e.at;
      t.petitionId = petition ? String(petition.id) : null;
      t.referralId = referral ? String(referral.id) : null;
      t.petition = petition ? await petitionFor(ctx, petition) : null;
      t.referral = referral ? ReferralType.from(referral) : null;
      return t;
    }),
  );
  return views.filter((v): v is ChangeEventType => v !== null);
}
