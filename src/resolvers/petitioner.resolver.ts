import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { PersonalField } from "../domain/access/personal-data";
import { openValue } from "../db/petitioner-pii";
import { PetitionerType } from "../schema/petitioner.type";
import type { HubContext } from "./context";

/** Returns the field in clear (and records the read for the audit) or its masked form. */
function reveal<T>(ctx: HubContext, p: PetitionerType, field: PersonalField, masked: T): T | unknown {
  if (!p.clear.has(field)) return masked;
  ctx.piiReads.push({ petitionId: p.row.petitionId, petitionerId: p.row.id, field });
  if (field === "idNumber") return openValue(ctx.deps.pii, "idNumber", p.row.idNumberCipher);
  if (field === "phone") return openValue(ctx.deps.pii, "phone", p.row.phoneCipher);
  return p.row[field];
}

/** Personal data of petitioners: masked by default, every clear read audited (only fields actually selected). */
@Resolver(() => PetitionerType)
export class PetitionerResolver {
  @FieldResolver(() => String, { nullable: true, description: "Masked unless the role needs it; clear reads are audited" })
  idNumber(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return p.row.idNumberCipher === null ? null : reveal(ctx, p, "idNumber", p.row.idNumberMasked); // masked copy: no decryption
  }

  @FieldResolver(() => String, { nullable: true, description: "Masked unless the role needs it; clear reads are audited" })
  phone(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return p.row.phoneCipher === null ? null : reveal(ctx, p, "phone", p.row.phoneMasked);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Null when the caller may not know it" })
  disabled(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return reveal(ctx, p, "disabled", null) === null ? null : !!p.row.disabled;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "Null when the caller may not know it" })
  veteran(@Root() p: PetitionerType, @Ctx() ctx: HubContext) {
    return reveal(ctx, p, "veteran", null) === null ? null : !!p.row.veteran;
  }

  @FieldResolver(() => Boolean, { description: "Whether personal fields are shown in clear to this caller" })
  unmasked(@Root() p: PetitionerType) {
    return p.clear.size > 0;
  }
}
