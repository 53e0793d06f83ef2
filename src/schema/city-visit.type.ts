import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { CityAcceptance, LetterKind } from "../domain/city-visit/city-visit-terms";
import { CityControlEntryEntity, CityVisitLetterEntity } from "../db/entities";

registerEnumType(LetterKind, { name: "CityVisitLetterKind", description: "预警提醒函 / 化解工作立项函 / 稳控责任交办函" });
registerEnumType(CityAcceptance, { name: "CityAcceptance", description: "The acceptance decision of a city-level visit (Art. 19: LOWER_LEVEL_HANDLES = 由下级处理)" });

const idOrNull = (v: number | null) => (v === null ? null : String(v));

@ObjectType("CityVisitLetter", { description: "A fast-track letter to the responsible locality, its required response and the answer" })
export class CityVisitLetterType {
  @Field(() => ID) id: string;
  @Field(() => ID) petitionId: string;
  @Field(() => ID) entryId: string;
  @Field(() => LetterKind) kind: LetterKind;
  @Field({ description: "e.g. 东信预〔2026〕7号" }) number: string;
  @Field(() => Int) year: number;
  @Field(() => Int, { description: "Sequence within its kind and year" }) seq: number;
  @Field(() => ID) recipientOrgId: string;
  @Field() title: string;
  @Field() requiredResponse: string;
  @Field(() => [String], { description: "The body, rendered from the template" }) paragraphs: string[];
  @Field() issuedAt: Date;
  @Field() responseDueAt: Date;
  @Field(() => Date, { nullable: true }) respondedAt: Date | null;
  @Field(() => String, { nullable: true }) respondedBy: string | null;
  @Field(() => String, { nullable: true }) responseText: string | null;
  @Field({ description: "The locality declared the matter not its own" }) declaredNotOwn: boolean;
  @Field(() => Date, { nullable: true, description: "When the city bureau rejected that declaration (推诿)" }) notOwnRejectedAt: Date | null;
  @Field(() => Date, { nullable: true, description: "When the overdue response went to supervision (督办)" }) supervisedAt: Date | null;
  @Field(() => ID, { nullable: true, description: "The rendered PDF, when documents are wired" }) documentId: string | null;
  @Field(() => String, { nullable: true }) sha256: string | null;

  static from(e: CityVisitLetterEntity): CityVisitLetterType {
    return Object.assign(new CityVisitLetterType(), { ...e, id: String(e.id), petitionId: String(e.petitionId), entryId: String(e.entryId), recipientOrgId: String(e.recipientOrgId), documentId: idOrNull(e.documentId) });
  }
}

@ObjectType("CityControlEntry", { description: "A city-controlled (市控) matter and the fast-track record of its city-level visit" })
export class CityControlEntryType {
  @Field(() => ID) id: string;
  @Field(() => ID) petitionId: string;
  @Field() reason: string;
  @Field(() => ID, { description: "The responsible unit (the locality)" }) localityOrgId: string;
  @Field(() => String, { nullable: true }) responsiblePerson: string | null;
  @Field() reviewDueAt: Date;
  @Field({ description: "The resolution deadline the city bureau set and supervises" }) resolutionDueAt: Date;
  @Field() resolutionDueSetBy: string;
  @Field({ description: "越级: flagged at registration, or no earlier item of the matter at a lower level" }) levelSkipped: boolean;
  @Field(() => CityAcceptance) acceptance: CityAcceptance;
  @Field({ description: "Art. 19: the same matter is within its handling period below (由下级处理)" }) notToBeAcceptedHere: boolean;
  @Field(() => ID, { nullable: true, description: "The lower-level item still within its handling period" }) lowerPetitionId: string | null;
  @Field() listed: boolean;
  @Field() listedAt: Date;
  @Field() listedBy: string;
  @Field(() => Date, { nullable: true }) delistedAt: Date | null;
  @Field(() => String, { nullable: true }) delistedBy: string | null;
  @Field(() => String, { nullable: true }) delistReason: string | null;
  @Field(() => Date, { nullable: true, description: "When the matter was found unresolved past the resolution deadline (督办); cleared when the bureau sets a new deadline" }) resolutionOverdueAt: Date | null;
  @Field(() => Date, { nullable: true, description: "When the entry was found past its review date; cleared by reviewCityControlEntry" }) reviewOverdueAt: Date | null;
  entityId: number;

  static from(e: CityControlEntryEntity): CityControlEntryType {
    return Object.assign(new CityControlEntryType(), {
      ...e,
      id: String(e.id),
      entityId: e.id,
      petitionId: String(e.petitionId),
      localityOrgId: String(e.localityOrgId),
      lowerPetitionId: idOrNull(e.lowerPetitionId),
      notToBeAcceptedHere: e.acceptance === CityAcceptance.LOWER_LEVEL_HANDLES,
      listed: e.delistedAt === null,
    });
  }
}

@InputType("CityVisitLetterResponseInput")
export class CityVisitLetterResponseInput {
  @Field() text: string;
  @Field({ defaultValue: false, description: "The locality declares the matter not its own" }) notOurMatter: boolean;
}
