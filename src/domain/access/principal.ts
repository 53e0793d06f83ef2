import { OrgKind, OrgLevel, Role } from "../petition-terms";

/** Who is calling: a user or an agency system, always acting for one organisation. */
export interface Principal {
  subject: string;
  orgId: number;
  orgCode: string;
  orgKind: OrgKind;
  orgLevel: OrgLevel;
  /** The organisation and its ancestors, nearest first: an accusation is hidden from the accused and everything under it. */
  orgPath: readonly number[];
  roles: readonly Role[];
  /** RFC 8693 `act`: the component acting for the subject (the gateway), recorded beside the subject in the audit log. */
  via?: string;
}

export const hasRole = (p: Principal, ...roles: Role[]) => roles.some((r) => p.roles.includes(r));

/** Petition departments (信访工作机构) register, route, and record petitioners' requests. */
export const isPetitionDepartment = (p: Principal) => p.orgKind === OrgKind.PETITION_BUREAU || p.orgKind === OrgKind.PETITION_OFFICE;

/** The city bureau sees every petition; everyone else sees only what concerns them (deny by default). */
export const seesEverything = (p: Principal) => p.orgKind === OrgKind.PETITION_BUREAU && p.orgLevel === OrgLevel.CITY;

/** The hub's own workers act as the city bureau, under a `system:` subject that history shows. */
export function systemPrincipal(bureau: { id: number; code: string }, component: string): Principal {
  return { subject: `system:${component}`, orgId: bureau.id, orgCode: bureau.code, orgKind: OrgKind.PETITION_BUREAU, orgLevel: OrgLevel.CITY, orgPath: [bureau.id], roles: [Role.OPERATOR] };
}
