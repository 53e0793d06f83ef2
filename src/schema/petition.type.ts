import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Category, Channel, PetitionState, SpecialGroup } from "../domain/petition-terms";
import { PetitionEntity } from "../db/entities";
import type { PetitionView } from "../domain/access/projection";

@ObjectType("PetitionFlags")
export class PetitionFlagsType {
  @Field({ description: "A group visit (集体访): BOTTOM_LINE_GROUP_MIN people or more (default 5) visiting together" }) groupVisit: boolean;
  @Field({ description: "Skipped a level (越级)" }) levelSkipping: boolean;
  @Field() threat: boolean;
  @Field() anonymous: boolean;
  @Field() urgent: boolean;
}

/**
 * A petition item (信访件). Relations are resolved by PetitionResolver through DataLoaders. Every field but `id` is
 * nullable because a partner agency or special unit sees a purpose-limited projection (domain/access/projection.ts):
 * a field outside its projection is null.
 */
@ObjectType("Petition")
@Directive('@key(fields: "id")')
export class PetitionType {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: "Registration number" }) number: string | null;
  @Field(() => ID, { nullable: true }) matterId: string | null;
  @Field(() => PetitionState, { nullable: true }) state: PetitionState | null;
  @Field(() => Channel, { nullable: true }) channel: Channel | null;
  @Field(() => Category, { nullable: true }) category: Category | null;
  @Field(() => String, { nullable: true }) summary: string | null;
  @Field(() => String, { nullable: true }) request: string | null;
  @Field(() => Int, { nullable: true }) headcount: number | null;
  @Field(() => [SpecialGroup], { description: "A partner sees only the groups it serves" }) specialGroups: SpecialGroup[];
  @Field(() => PetitionFlagsType, { nullable: true }) flags: PetitionFlagsType | null;
  @Field(() => Boolean, { nullable: true, description: "Art. 34: whether the one extension was used" }) extended: boolean | null;
  @Field(() => Date, { nullable: true }) receivedAt: Date | null;
  @Field(() => Date, { nullable: true }) registeredAt: Date | null;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "When the last answer or opinion to be served on the petitioner was made" }) decidedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "When it was served on the petitioner (the petitioner's windows run from it); null while pending" })
  deliveredAt: Date | null;
  @Field(() => String, { nullable: true, description: "The query code (查询码) for the petitioner's receipt: in submitPetition's result only, once; null everywhere else (the hub keeps only a keyed digest)" })
  queryCode?: string | null;

  localityOrgId: number;
  handlerOrgId: number | null;
  registeringOrgId: number;
  accusedOrgId: number | null;
  numericId: number;
  /** How the caller sees this petition; set by `petitionFor` (resolvers/petition-view.ts). */
  view: PetitionView;

  static from(e: PetitionEntity): PetitionType {
    // Field by field, the schema's fields only: copying the whole row (Object.assign) added the entity's other columns
    // to each object one transition at a time, and list queries map thousands of these per second.
    const t = new PetitionType();
    t.id = String(e.id);
    t.numericId = e.id;
    t.number = e.number;
    t.matterId = String(e.matterId);
    t.state = e.state;
    t.channel = e.channel;
    t.category = e.category;
    t.summary = e.summary;
    t.request = e.request;
    t.headcount = e.headcount;
    t.specialGroups = e.specialGroups ? (e.specialGroups.split(",") as SpecialGroup[]) : [];
    t.flags = { groupVisit: !!e.groupVisit, levelSkipping: !!e.levelSkipping, threat: !!e.threat, anonymous: !!e.anonymous, urgent: !!e.urgent };
    t.extended = !!e.extended;
    t.receivedAt = e.receivedAt;
    t.registeredAt = e.registeredAt;
    t.updatedAt = e.updatedAt;
    t.decidedAt = e.decidedAt;
    t.deliveredAt = e.deliveredAt;
    t.localityOrgId = e.localityOrgId;
    t.handlerOrgId = e.handlerOrgId;
    t.registeringOrgId = e.registeringOrgId;
    t.accusedOrgId = e.accusedOrgId;
    return t;
  }
}
