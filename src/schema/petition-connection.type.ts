import { Field, ObjectType } from "type-graphql";
import { PetitionType } from "./petition.type";

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType()
export class PetitionEdge {
  @Field() cursor: string;
  @Field(() => PetitionType) node: PetitionType;
}

/** Cursor-paginated petitions (Relay connection shape). */
@ObjectType()
export class PetitionConnection {
  @Field(() => [PetitionEdge]) edges: PetitionEdge[];
  @Field(() => [PetitionType]) nodes: PetitionType[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

/** Opaque cursor over the keyset (petition id). */
export const encodeCursor = (id: number) => Buffer.from(`p:${id}`).toString("base64url");
export function decodeCursor(c: string): number | null {
  const m = /^p:(\d+)$/.exec(Buffer.from(c, "base64url").toString());
  return m ? Number(m[1]) : null;
}
