import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DocumentKind } from "../domain/documents/document-terms";
import { DocumentEntity } from "../db/entities";

registerEnumType(DocumentKind, { name: "DocumentKind", description: "A petition's materials (photo, certificate, other) or a letter the hub issued" });

@ObjectType("Document", { description: "A stored file of a petition (metadata only: the bytes are downloaded from GET /documents/<id> with the same token)" })
export class DocumentType {
  @Field(() => ID) id: string;
  @Field(() => DocumentKind) kind: DocumentKind;
  @Field({ description: "Sanitised file name" }) fileName: string;
  @Field({ description: "The content type decided by the file's bytes" }) contentType: string;
  @Field(() => Int, { description: "Bytes" }) size: number;
  @Field({ description: "Lower-case hex SHA-256 of the bytes" }) sha256: string;
  @Field(() => ID, { nullable: true, description: "For a LETTER: the letter record it renders" }) letterId: string | null;
  @Field() uploadedBy: string;
  @Field(() => ID, { nullable: true }) uploadedByOrgId: string | null;
  @Field() uploadedAt: Date;

  static from(e: DocumentEntity): DocumentType {
    return Object.assign(new DocumentType(), {
      id: String(e.id), kind: e.kind, fileName: e.fileName, contentType: e.contentType, size: e.size, sha256: e.sha256,
      letterId: e.letterId === null ? null : String(e.letterId), uploadedBy: e.uploadedBy, uploadedByOrgId: e.uploadedByOrgId === null ? null : String(e.uploadedByOrgId), uploadedAt: e.uploadedAt,
    });
  }
}
