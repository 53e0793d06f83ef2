import { seesEverything } from "../domain/access/principal";
import { canSeeReferral } from "../domain/referrals/referral-permissions";
import { canSeePetition } from "../domain/access/visibility";
import { ChangeEventType } from "../schema/change-event.type";
import { ReferralType } from "../schema/referral.type";
import { ChangeEvent } from "../streams/change-event";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { changeFacts } from "./change-facts";
import { petitionFor } from "./petition-view";

/**
 * The events of a page the caller may see, as it may see them; the same rules as the queries:
 * - petition events: `canSeePetition` on the petition's access rows (never the accused unit or under it; the SQL
 *   filter of the list queries is the same rule, tested against it); the petition is projected through petitionFor;
 * - referral events: canSeeReferral (own agency, or the bureau); their petition only if visible as above;
 * - anything else (machine clients, configuration): the city bureau only.
 * The rows are read once per event per process (change-facts.ts) and primed into the caller's loaders, so 5,000
 * subscribers of one event cost three statements, not 5,000.
 */
export async function changeViews(ctx: HubContext, events: readonly ChangeEvent[]): Promise<ChangeEventType[]> {
  const p = principalOf(ctx);
  const facts = await changeFacts(ctx.deps.db, events);
  const views = await Promise.all(
    events.map(async (e, i): Promise<ChangeEventType | null> => {
      const f = facts[i];
      const referral = f.referral && canSeeReferral(p, f.referral.agencyOrgId) ? f.referral : null;
      const petition = f.petition && canSeePetition(p, { access: f.access, accusedOrgId: f.petition.accusedOrgId }) ? f.petition : null;
      const visible = e.aggregateType === "petition" ? !!petition : e.aggregateType === "referral" ? !!referral : seesEverything(p);
      if (!visible) return null;
      if (petition) {
        ctx.loaders.access.prime(petition.id, f.access);
        ctx.loaders.visiblePetition.prime(petition.id, petition);
      }
      const t = new ChangeEventType();
      t.cursor = e.id;
      t.source = e;
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
