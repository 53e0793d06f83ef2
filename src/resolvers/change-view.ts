import { seesEverything } from "../domain/access/principal";
import { canSeeReferral } from "../domain/referrals/referral-permissions";
import { canSeePetition } from "../domain/access/visibility";
import { maySeePetitionEventType } from "../domain/access/stream-events";
import { ChangeEventType } from "../schema/change-event.type";
import { ReferralType } from "../schema/referral.type";
import { ChangeEvent } from "../streams/change-event";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { ChangeFacts, changeFacts } from "./change-facts";
import { createLoaders } from "./loaders";
import { petitionFor } from "./petition-view";

/**
 * The events of a page the caller may see, as it may see them; the same rules as the queries:
 * - petition events: `canSeePetition` on the petition's access rows (never the accused unit or under it; the SQL
 *   filter of the list queries is the same rule, tested against it); the petition is projected through petitionFor;
 *   a partner agency does not see the stability mechanisms' events of it (`maySeePetitionEventType`);
 * - referral events: canSeeReferral (own agency, or the bureau); their petition only if visible as above;
 * - anything else (machine clients, configuration): the city bureau only.
 * The rows are read once per event per process (change-facts.ts) and primed into the caller's loaders, so 5,000
 * subscribers of one event cost three statements, not 5,000.
 */
export async function changeViews(ctx: HubContext, events: readonly ChangeEvent[]): Promise<ChangeEventType[]> {
  const facts = await changeFacts(ctx.deps.db, events);
  const views = await Promise.all(events.map((e, i) => changeView(ctx, e, facts[i])));
  return views.filter((v): v is ChangeEventType => v !== null);
}

/** One event as the caller may see it, or null when it may not (the rules above). */
async function changeView(ctx: HubContext, e: ChangeEvent, f: ChangeFacts): Promise<ChangeEventType | null> {
  const p = principalOf(ctx);
  const referral = f.referral && canSeeReferral(p, f.referral.agencyOrgId) ? f.referral : null;
  const petition = f.petition && canSeePetition(p, { access: f.access, accusedOrgId: f.petition.accusedOrgId }) ? f.petition : null;
  const visible = e.aggregateType === "petition" ? !!petition && maySeePetitionEventType(p, e.type) : e.aggregateType === "referral" ? !!referral : seesEverything(p);
  if (!visible) return null;
  if (petition) {
    ctx.loaders.ownAccess.prime(petition.id, f.access.filter((g) => g.orgId === p.orgId));
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
}

/** Views per live event object and access scope (`accessScopeKey`); dropped with the event object. */
const sharedViews = new WeakMap<ChangeEvent, Map<string, Promise<ChangeEventType | null>>>();

/**
 * `changeViews` for live subscribers, computed ONCE per (event, access scope) in this process: the feed hands the
 * same event object to every subscriber, and callers with the same scope see the same events with the same fields
 * (the view depends on nothing else), so 5,000 subscribers of one scope cost one view per event, not 5,000. The
 * subscriber whose batch misses computes them with its own (fresh) loaders. `scope` is `accessScopeKey(principal)`.
 */
export async function sharedChangeViews(ctx: HubContext, scope: string, events: readonly ChangeEvent[]): Promise<ChangeEventType[]> {
  const out: Promise<ChangeEventType | null>[] = new Array(events.length);
  let missing: { e: ChangeEvent; i: number; m: Map<string, Promise<ChangeEventType | null>> }[] | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    let m = sharedViews.get(e);
    if (!m) sharedViews.set(e, (m = new Map()));
    const v = m.get(scope);
    if (v) out[i] = v;
    else (missing ??= []).push({ e, i, m });
  }
  if (missing) {
    freshLoaders(ctx);
    const list = missing;
    const facts = changeFacts(ctx.deps.db, list.map((x) => x.e));
    list.forEach((x, k) => {
      const v = facts.then((f) => changeView(ctx, x.e, f[k]));
      x.m.set(scope, v);
      out[x.i] = v;
    });
  }
  const views = await Promise.all(out);
  return views.filter((v): v is ChangeEventType => v !== null);
}

/**
 * Marks a subscriber's loaders stale (a new batch of events arrived) without building them: they are rebuilt only
 * when this subscriber computes a view or runs an execution ({@link freshLoaders}). A long-lived subscription thus
 * reads access rows as they are now, not as they were when it began, and one that only reuses shared results
 * builds no loaders at all.
 */
export function staleLoaders(ctx: HubContext): void {
  if (ctx.live) ctx.live.staleLoaders = true;
}

/** Rebuilds the subscriber's loaders if a batch arrived since they were built (see {@link staleLoaders}). */
export function freshLoaders(ctx: HubContext): void {
  if (!ctx.live?.staleLoaders || !ctx.principal) return;
  ctx.live.staleLoaders = false;
  ctx.loaders = createLoaders(ctx.deps.db, ctx.principal);
}
