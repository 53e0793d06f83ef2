import { Role } from "../petition-terms";
import { Principal, hasRole, isPetitionDepartment } from "./principal";

/** Personal data fields; each unmasked read is audited. */
export type PersonalField = "idNumber" | "phone" | "disabled" | "veteran";

/**
 * Which personal fields a principal may read in clear. Registrars and case officers of petition departments need
 * identity and contact details to register and answer; group status is also needed by them. Everyone else
 * (handlers, partner agencies, leaders' screens) gets masked values.
 */
export function clearFieldsFor(p: Principal): ReadonlySet<PersonalField> {
  if (isPetitionDepartment(p) && hasRole(p, Role.REGISTRAR, Role.CASE_OFFICER)) return new Set(["idNumber", "phone", "disabled", "veteran"]);
  return new Set();
}

/** 370502199001011234 → 3705**********1234: region prefix and last four kept, birth date hidden. */
export function maskIdNumber(v: string): string {
  if (v.length <= 8) return "*".repeat(v.length);
  return v.slice(0, 4) + "*".repeat(v.length - 8) + v.slice(-4);
}

/** 13812345678 → 138****5678. */
export function maskPhone(v: string): string {
  if (v.length <= 7) return "*".repeat(v.length);
  return v.slice(0, 3) + "*".repeat(v.length - 7) + v.slice(-4);
}
