import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { PersonalField } from "../domain/access/personal-data";
import { openValue, PetitionerRow, SealedField } from "../db/petitioner-pii";
import { PetitionerType } from "../schema/petitioner.type";
import type { HubContext } from "./context";

/**
 * The stored column behind a clear read. A row read for a masked caller has no ciphertext or group status; reaching
 * one here would mean the role rule and the loader's column choice disagree, so the read fails rather than answer
 * with something else.
 */
function stored<K extends "idNumberCipher" | "phoneCipher" | "disabled" | "veteran">(p: PetitionerType, column: K): NonNullable<PetitionerRow[K]> | null {
  const v = p.row[column];
  if (v === undefined) throw new Error(`petitioner ${p.row.id}: ${column} was not read for a caller who may read it in clear`);
  return v ?? null;
}

/** Records one clear read for the audit (flushed before the response is sent). */
function audit(ctx: HubContext, p: PetitionerType, field: PersonalField) {
  ctx.piiReads.push({ petitionId: p.row.petitionId, petitionerId: p.row.id, field });
}

/** ID number or phone: the masked copy (no decryption), or, for a caller who may, the clear value, audited. */
function sealed(ctx: HubContext, p: PetitionerType, field: SealedField, masked: string | null): string | null {
  if (!p.clear.has(field)) return masked; // null exactly when there is no value (petitioner-pii.ts)
  const cipher = stored(p, field === "idNumber" ? "idNumberCipher" : "phoneCipher");
  if (cipher === null) return null;
  audit(ctx, p, field);
  return openValue(ctx.deps.pii, field, cipher);
}

/** Disability or veteran status: null unless the caller may know it, then audited. */
function status(ctx: HubContext, p: PetitionerType, field: "disabled" | "veteran"): boolean | null {
  if (!p.clear.has(field)) return null;
  const v = stored(p, field);
  audit(ctx, p, field);
  return !!v;
}

/** Personal data of petitioners: masked by default, every clear read audited (only fields actually selected). */
@Resolver(() => PetitionerType)
export class PetitionerResolver {
  @FieldResolver(() => String, { nullable: true, description: "Masked unless the role needs it; clear reads are audited" })
  idNumber(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return sealed(ctx, p, "idNumber", p.row.idNumberMasked);
  }

  @FieldResolver(() => String, { nullable: true, description: "Masked unless the role needs it; clear reads are audited" })
  phone(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return sealed(ctx, p, "phone", p.row.phoneMasked);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Null when the caller may not know it" })
  disabled(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return status(ctx, p, "disabled");
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Null when the caller may not know it" })
  veteran(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return status(ctx, p, "veteran");
  }

  @FieldResolver(() => Boolean, { description: "Whether personal fields are shown in clear to this caller" })
  unmasked(@Root() p: PetitionerType) {
    return p.clear.size > 0;
  }
}
