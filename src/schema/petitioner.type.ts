import { Field, ID, ObjectType } from "type-graphql";
import type { PetitionerRow } from "../db/petitioner-pii";
import type { PersonalField } from "../domain/access/personal-data";

/**
 * A petitioner. Personal fields (idNumber, phone, disabled, veteran) are resolved by PetitionerResolver,
 * which masks them unless the caller's role needs them and audits each clear read actually returned.
 */
@ObjectType("Petitioner")
export class PetitionerType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() representative: boolean;
  /** The row, kept for the personal-field resolvers; not exposed. Without ciphertexts for a masked reader. */
  row: PetitionerRow;
  /** Personal fields this caller may read in clear on this petition (domain/access/projection.ts `clearFieldsOn`). */
  clear: ReadonlySet<PersonalField>;

  static from(e: PetitionerRow, clear: ReadonlySet<PersonalField>): PetitionerType {
    const t = new PetitionerType();
    t.id = String(e.id);
    t.name = e.name;
    t.representative = !!e.representative;
    t.row = e;
    t.clear = clear;
    return t;
  }
}
