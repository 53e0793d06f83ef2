import { Field, ID, ObjectType } from "type-graphql";
import { PetitionerEntity } from "../db/entities";
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
  /** The row, kept for the personal-field resolvers; not exposed. */
  row: PetitionerEntity;
  /** Personal fields this caller may read in clear on this petition (domain/access/projection.ts `clearFieldsOn`). */
  clear: ReadonlySet<PersonalField>;

  static from(e: PetitionerEntity, clear: ReadonlySet<PersonalField>): PetitionerType {
    return Object.assign(new PetitionerType(), { id: String(e.id), name: e.name, representative: !!e.representative, row: e, clear });
  }
}
