import { maskIdNumber, maskPhone } from "../domain/access/personal-data";
import { PiiCrypto } from "../platform/pii-crypto";
import type { PetitionerEntity } from "./entities";

/** The personal fields that are encrypted at rest; also the associated data bound into each ciphertext. */
export type SealedField = "idNumber" | "phone";

/** The stored columns of a petitioner's ID number and phone. */
export type SealedPetitionerColumns = Pick<PetitionerEntity, "idNumberCipher" | "idNumberMasked" | "idNumberIndex" | "phoneCipher" | "phoneMasked" | "phoneIndex">;

/**
 * The columns a masked read of petitioners fetches: no ciphertext, blind index, group status or address. The masked
 * copies are null exactly when there is no value (sealValue writes all three or none; a legacy clear row awaiting
 * the rotation pass has no masked copy and reads as null, as it did when the ciphertext was fetched).
 */
export const MASKED_PETITIONER_COLUMNS = ["id", "petitionId", "name", "representative", "idNumberMasked", "phoneMasked"] as const;

/**
 * A petitioner row as the read path holds it: the masked columns always; ciphertexts and group status only for a
 * caller whose role may read them in clear (`readsPersonalDataInClear`), absent (undefined) otherwise.
 */
export type PetitionerRow = Pick<PetitionerEntity, (typeof MASKED_PETITIONER_COLUMNS)[number]> & Partial<Pick<PetitionerEntity, "idNumberCipher" | "phoneCipher" | "disabled" | "veteran">>;

const MASK: Record<SealedField, (v: string) => string> = { idNumber: maskIdNumber, phone: maskPhone };

/** Ciphertext, masked copy and blind index of one value (all null when there is none). */
export function sealValue(pii: PiiCrypto, field: SealedField, v: string | null | undefined) {
  if (v === null || v === undefined || v === "") return { cipher: null, masked: null, index: null };
  return { cipher: pii.encrypt(v, field), masked: MASK[field](v), index: pii.blindIndex(v, field) };
}

/** What a command stores for a petitioner's ID number and phone: never the plaintext. */
export function sealPetitioner(pii: PiiCrypto, p: { idNumber?: string | null; phone?: string | null }): SealedPetitionerColumns {
  const id = sealValue(pii, "idNumber", p.idNumber);
  const ph = sealValue(pii, "phone", p.phone);
  return { idNumberCipher: id.cipher, idNumberMasked: id.masked, idNumberIndex: id.index, phoneCipher: ph.cipher, phoneMasked: ph.masked, phoneIndex: ph.index };
}

/**
 * The plaintext of a stored value. A value without our prefix is a legacy clear row from before encryption
 * (the rotation command rewrites those); it is returned as it is rather than failing the read.
 */
export function openValue(pii: PiiCrypto, field: SealedField, stored: string | null): string | null {
  if (stored === null) return null;
  return PiiCrypto.isEncrypted(stored) ? pii.decrypt(stored, field) : stored;
}

/** Petitioner input as an agency raised it, with ID number and phone encrypted in place (referral.raised). */
export function sealRaisedPetitioners<T extends { idNumber?: string | null; phone?: string | null }>(pii: PiiCrypto, people: readonly T[]): T[] {
  return people.map((p) => ({ ...p, idNumber: p.idNumber ? pii.encrypt(p.idNumber, "idNumber") : (p.idNumber ?? null), phone: p.phone ? pii.encrypt(p.phone, "phone") : (p.phone ?? null) }));
}

/** The reverse of {@link sealRaisedPetitioners}, when the bureau registers the raised case. */
export function openRaisedPetitioners<T extends { idNumber?: string | null; phone?: string | null }>(pii: PiiCrypto, people: readonly T[]): T[] {
  return people.map((p) => ({ ...p, idNumber: openValue(pii, "idNumber", p.idNumber ?? null), phone: openValue(pii, "phone", p.phone ?? null) }));
}
