import { Field, ID, ObjectType } from "type-graphql";
import { maskIdNumber, maskPhone, PersonalField } from "../domain/access/personal-data";
import { PetitionerEntity } from "../db/entities";

/** A petitioner as the caller may see them: personal fields masked unless the caller's role needs them. */
@ObjectType("Petitioner")
export class PetitionerType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() representative: boolean;
  @Field(() => String, { nullable: true, description: "Masked unless the role needs it; clear reads are audited" }) idNumber: string | null;
  @Field(() => String, { nullable: true, description: "Masked unless the role needs it; clear reads are audited" }) phone: string | null;
  @Field(() => Boolean, { nullable: true, description: "Null when the caller may not know it" }) disabled: boolean | null;
  @Field(() => Boolean, { nullable: true, description: "Null when the caller may not know it" }) veteran: boolean | null;
  @Field(() => Boolean, { description: "Whether personal fields are shown in clear" }) unmasked: boolean;

  /** Maps with masking; `onClearRead` is told of every personal field returned in clear, for the audit. */
  static from(e: PetitionerEntity, clear: ReadonlySet<PersonalField>, onClearRead: (field: PersonalField) => void): PetitionerType {
    const show = <T>(f: PersonalField, v: T, masked: T): T => {
      if (!clear.has(f)) return masked;
      onClearRead(f);
      return v;
    };
    return Object.assign(new PetitionerType(), {
      id: String(e.id),
      name: e.name,
      representative: e.representative,
      idNumber: e.idNumber === null ? null : show("idNumber", e.idNumber, maskIdNumber(e.idNumber)),
      phone: e.phone === null ? null : show("phone", e.phone, maskPhone(e.phone)),
      disabled: show<boolean | null>("disabled", e.disabled, null),
      veteran: show<boolean | null>("veteran", e.veteran, null),
      unmasked: clear.size > 0,
    });
  }
}
