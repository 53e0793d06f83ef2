import { PetitionEntity } from "../db/entities";
import type { VisiblePetitions } from "../db/petition-queries";
import { referralSettings } from "../commands/command-context";
import { DEFAULT_PROJECTIONS, NO_VIEW, PetitionField, petitionViewFor, PetitionView } from "../domain/access/projection";
import { AccessGrant, canSeePetition } from "../domain/access/visibility";
import { seesEverything } from "../domain/access/principal";
import { groupsServedBy, RoutingRule } from "../domain/referrals/routing-rules";
import type { SpecialGroup } from "../domain/petition-terms";
import { PetitionType } from "../schema/petition.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";

/** Scalar fields of PetitionType that a projection can withhold (null when outside it). */
const SCALARS: readonly (PetitionField & keyof PetitionType)[] = ["number", "matterId", "state", "channel", "category", "summary", "request", "headcount", "flags", "extended", "receivedAt", "registeredAt", "updatedAt"];

/**
 * The caller's view of one petition it may see. Only partner agencies and special units have projections, so only
 * their requests need their access rows on the petition (primed by the list or by-id statement that read the
 * petition; otherwise one batched statement per request through the loader).
 */
export async function viewOf(ctx: HubContext, petitionId: number): Promise<PetitionView> {
  return viewFrom(ctx, needsAccessRows(ctx) ? await ctx.loaders.ownAccess.load(petitionId) : []);
}

/** Whether the caller's view depends on its access rows (it has a projection and does not see everything). */
function needsAccessRows(ctx: HubContext): boolean {
  const p = principalOf(ctx);
  return !!(ctx.deps.projections ?? DEFAULT_PROJECTIONS)[p.orgKind] && !seesEverything(p);
}

/** The view, given the caller's own access rows on the petition. */
function viewFrom(ctx: HubContext, access: readonly AccessGrant[]): PetitionView {
  const p = principalOf(ctx);
  return petitionViewFor(p, { access }, ctx.deps.projections ?? DEFAULT_PROJECTIONS, groupsServed(referralSettings(ctx.deps).rules, p.orgCode));
}

const served = new WeakMap<readonly RoutingRule[], Map<string, readonly SpecialGroup[]>>();
/** `groupsServedBy`, once per rule table and organisation (the rules are configuration; a list asks per petition). */
function groupsServed(rules: readonly RoutingRule[], orgCode: string): readonly SpecialGroup[] {
  let byOrg = served.get(rules);
  if (!byOrg) served.set(rules, (byOrg = new Map()));
  let groups = byOrg.get(orgCode);
  if (!groups) byOrg.set(orgCode, (groups = groupsServedBy(rules, orgCode)));
  return groups;
}

/**
 * Maps a petition to the schema type as the caller may see it: fields outside its view are null. `afterChange` is for
 * a mutation's result: the caller may have just lost its reason to see the petition (an objection, a return), so
 * visibility is decided again on fresh access rows, and a caller who can no longer see it gets only the id.
 */
export async function petitionFor(ctx: HubContext, e: PetitionEntity, opts: { afterChange?: boolean } = {}): Promise<PetitionType> {
  const t = PetitionType.from(e);
  let view: PetitionView;
  if (opts.afterChange) {
    ctx.loaders.ownAccess.clear(e.id);
    const access = await ctx.loaders.ownAccess.load(e.id);
    view = canSeePetition(principalOf(ctx), { access, accusedOrgId: e.accusedOrgId }) ? await viewOf(ctx, e.id) : NO_VIEW;
  } else view = await viewOf(ctx, e.id);
  return project(t, view);
}

/** Nulls what `view` withholds. */
function project(t: PetitionType, view: PetitionView): PetitionType {
  t.view = view;
  if (view.kind === "FULL") return t;
  if (view.kind === "NONE") t.localityOrgId = t.registeringOrgId = 0;
  for (const f of SCALARS) if (!view.fields.has(f)) (t as unknown as Record<string, unknown>)[f] = null;
  // The service dates of decisions go with the clocks that run from them.
  if (!view.fields.has("deadlines")) t.decidedAt = t.deliveredAt = null;
  const groups = view.groups;
  t.specialGroups = !view.fields.has("specialGroups") ? [] : groups === "ALL" ? t.specialGroups : t.specialGroups.filter((g) => groups.has(g));
  return t;
}

/**
 * `petitionFor` over a list read with the caller's own access rows, keeping order. The views come straight from those
 * rows (no statement, no promise per petition); the rows are also primed for any later read in the request.
 */
export function petitionsFor(ctx: HubContext, list: VisiblePetitions): Promise<PetitionType[]> {
  const { rows, ownAccess } = list;
  if (ownAccess) for (let i = 0; i < rows.length; i++) ctx.loaders.ownAccess.prime(rows[i].id, ownAccess[i]);
  const needs = needsAccessRows(ctx);
  if (needs && !ownAccess) return Promise.all(rows.map((e) => petitionFor(ctx, e)));
  return Promise.resolve(rows.map((e, i) => project(PetitionType.from(e), viewFrom(ctx, needs && ownAccess ? ownAccess[i] : []))));
}

/** Whether the caller's view of `p` includes `field` (FULL views include everything). */
export const shows = (p: PetitionType, field: PetitionField) => !p.view || p.view.fields.has(field);
