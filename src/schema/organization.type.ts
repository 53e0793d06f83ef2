import { Directive, Field, ID, ObjectType } from "type-graphql";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { OrganizationEntity } from "../db/entities";

/** A body known to the hub. */
@ObjectType("Organization")
@Directive('@key(fields: "id")')
export class OrganizationType {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => OrgKind) kind: OrgKind;
  @Field(() => OrgLevel) level: OrgLevel;
  parentId: number | null;
  levelAboveId: number | null;

  static from(e: OrganizationEntity): OrganizationType {
    return Object.assign(new OrganizationType(), { ...e, id: String(e.id) });
  }
}
