import { OrgKind, Role, SpecialGroup } from "../petition-terms";
import { hasRole, isPetitionDepartment, Principal, seesEverything } from "./principal";
import { AccessGrant, isActiveGrant } from "./visibility";
import { PersonalField } from "./personal-data";

/**
 * Fields of a petition a projection may include. Everything a partner may see is named here; a field not in a
 * projection is returned as null (or an empty list) to that caller.
 */
export const PETITION_FIELDS = [
  "number", "category", "summary", "request", "problemLocality", "specialGroups", "petitioners", "ownReferrals",
  "state", "channel", "matterId", "headcount", "flags", "extended", "receivedAt", "registeredAt", "updatedAt",
  "currentHandler", "registeringUnit", "deadlines", "history",
  // Issue 9 item 6: attachments and letters (Petition.documents and the /documents downloads).
  "documents",
] as const;
export type PetitionField = (typeof PETITION_FIELDS)[number];

/**
 * What a partner agency or special unit sees of a petition it is linked to only by a referral or by location
 * (PIPL Art. 34: a state organ processes personal information only as far as its duty needs). By default: number,
 * category, summary and request, problem locality, its own referral (with its deadlines), the petitioners' names and
 * masked contact details, only the special group that concerns it, and history reduced to event, time and
 * organisation. Configurable per organisation kind (`PARTNER_PROJECTION_JSON`).
 */
export const DEFAULT_PARTNER_PROJECTION: readonly PetitionField[] = ["number", "category", "summary", "request", "problemLocality", "specialGroups", "petitioners", "ownReferrals", "history"];

export type ProjectionTable = Partial<Record<OrgKind, readonly PetitionField[]>>;
export const DEFAULT_PROJECTIONS: ProjectionTable = { [OrgKind.PARTNER_AGENCY]: DEFAULT_PARTNER_PROJECTION, [OrgKind.SPECIAL_UNIT]: DEFAULT_PARTNER_PROJECTION };

/** How a caller sees one petition: every field, a purpose-limited projection, or nothing but its id. */
export interface PetitionView {
  kind: "FULL" | "PARTNER" | "NONE";
  fields: ReadonlySet<PetitionField>;
  /** Special groups the caller may learn of (all for FULL; those its routing rules serve for a partner). */
  groups: ReadonlySet<SpecialGroup> | "ALL";
}

const FULL: PetitionView = { kind: "FULL", fields: new Set(PETITION_FIELDS), groups: "ALL" };
/** For a caller who has just lost sight of a petition (e.g. by its own objection): the id alone. */
export const NO_VIEW: PetitionView = { kind: "NONE", fields: new Set(), groups: new Set() };

/** Facts of one petition that decide the view. */
export interface ProjectionFacts {
  access: readonly AccessGrant[];
}

/**
 * The view of a petition the caller may already see. The city bureau and the government side of the handling chain
 * see everything; a partner agency or special unit sees its projection, unless it acts on the petition as competent
 * handler or reviewing organ (it is a covered unit under Art. 2), when it needs the whole file.
 */
export function petitionViewFor(p: Principal, f: ProjectionFacts, table: ProjectionTable, groupsServed: readonly SpecialGroup[]): PetitionView {
  if (seesEverything(p)) return FULL;
  const projection = table[p.orgKind];
  if (!projection) return FULL;
  const acting = f.access.some((g) => g.orgId === p.orgId && isActiveGrant(g) && (g.reason === "HANDLER" || g.reason === "REVIEWER"));
  if (acting) return FULL;
  return { kind: "PARTNER", fields: new Set(projection), groups: new Set(groupsServed) };
}

/**
 * Personal fields a caller may read in clear on one petition. Registrars and case officers of petition departments
 * need identity and contact details to register and answer. A partner's human handler (not its machine client)
 * working an open referral on the petition may see the phone, to contact the petitioner; nothing else. Every clear
 * value actually returned is audited.
 */
export function clearFieldsOn(p: Principal, facts: { hasOpenReferral: boolean }): ReadonlySet<PersonalField> {
  if (readsWholeRecordInClear(p)) return ALL_CLEAR;
  if (mayReadPhoneForReferral(p) && facts.hasOpenReferral) return PHONE_CLEAR;
  return NONE_CLEAR;
}

const ALL_CLEAR: ReadonlySet<PersonalField> = new Set(["idNumber", "phone", "disabled", "veteran"]);
const PHONE_CLEAR: ReadonlySet<PersonalField> = new Set(["phone"]);
const NONE_CLEAR: ReadonlySet<PersonalField> = new Set();

/** Registrars and case officers of petition departments: identity and contact details in clear on every petition. */
const readsWholeRecordInClear = (p: Principal) => isPetitionDepartment(p) && hasRole(p, Role.REGISTRAR, Role.CASE_OFFICER);

/**
 * Whether `clearFieldsOn` can give this caller any field in clear, on any petition. A caller for whom it cannot
 * (machine clients, partner units without a handler, every other role) never needs the ciphertexts, so its reads do
 * not fetch them.
 */
export const readsPersonalDataInClear = (p: Principal) => readsWholeRecordInClear(p) || mayReadPhoneForReferral(p);

/** A partner's human handler: the one kind of caller whose clear phone depends on an open referral (others never need the fact). */
export const mayReadPhoneForReferral = (p: Principal) => (p.orgKind === OrgKind.PARTNER_AGENCY || p.orgKind === OrgKind.SPECIAL_UNIT) && hasRole(p, Role.HANDLER);

/** Whether the caller sees a history entry whole: in a partner's projection, only its own entries are. */
export function seesWholeEntry(p: Principal, view: PetitionView | undefined, e: { actorOrgId: number | null; onBehalfOfOrgId: number | null }): boolean {
  return !view || view.kind === "FULL" || e.actorOrgId === p.orgId || e.onBehalfOfOrgId === p.orgId;
}

/**
 * Reads a projection table from configuration (`PARTNER_PROJECTION_JSON`), e.g.
 * `{"SPECIAL_UNIT": ["number", "category", "summary", "request", "problemLocality", "ownReferrals", "state"]}`.
 * Kinds not named keep their default; an empty list leaves a partner the id alone. Throws with the first mistake.
 */
export function parseProjections(json: string): ProjectionTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("not valid JSON");
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new Error('expected {"<organisation kind>": ["<field>", …]}');
  const table: ProjectionTable = { ...DEFAULT_PROJECTIONS };
  for (const [kind, fields] of Object.entries(raw)) {
    if (kind !== OrgKind.PARTNER_AGENCY && kind !== OrgKind.SPECIAL_UNIT) throw new Error(`${kind}: only PARTNER_AGENCY and SPECIAL_UNIT have projections`);
    if (!Array.isArray(fields) || !fields.every((f) => (PETITION_FIELDS as readonly string[]).includes(f))) throw new Error(`${kind}: fields must be among ${PETITION_FIELDS.join(", ")}`);
    table[kind] = fields as PetitionField[];
  }
  return table;
}
