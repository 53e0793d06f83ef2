import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { mayReadDocuments } from "../domain/documents/document-access";
import { DocumentType } from "../schema/document.type";
import { PetitionType } from "../schema/petition.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";

/** Petition.documents: the same rule as the downloads (the caller's view of the petition must include documents). */
@Resolver(() => PetitionType)
export class PetitionDocumentsResolver {
  @FieldResolver(() => [DocumentType], { description: "Attachments and issued letters, oldest first (empty when the caller's view withholds them)" })
  async documents(@Root() p: PetitionType, @Ctx() ctx: HubContext): Promise<DocumentType[]> {
    if (!p.view || !mayReadDocuments(principalOf(ctx), p.view, p.accusedOrgId)) return [];
    return (await ctx.loaders.documentsByPetition.load(p.numericId)).map((d) => DocumentType.from(d));
  }
}
