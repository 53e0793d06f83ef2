
/** Personal data fields; each unmasked read is audited. */
export type PersonalField = "idNumber" | "phone" | "disabled" | "veteran";

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
