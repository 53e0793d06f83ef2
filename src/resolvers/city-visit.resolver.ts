import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { delistCityControl } from "../commands/delist-city-control";
import { rejectNotOwnDeclaration } from "../commands/reject-not-own-declaration";
import { reviewCityControlEntry } from "../commands/review-city-control-entry";
import { respondToCityVisitLetter } from "../commands/respond-to-city-visit-letter";
import { setCityControlResponsiblePerson } from "../commands/set-city-control-responsible-person";
import { setCityVisitResolutionDeadline } from "../commands/set-city-visit-resolution-deadline";
import { lettersOfEntry, listCityControl, listCityVisitLetters } from "../db/city-visit-queries";
import { CityControlEntryType, CityVisitLetterResponseInput, CityVisitLetterType } from "../schema/city-visit.type";
import { principalOf } from "./auth-checker";
import type { HubContext } from "./context";
import { pageSize, parseId } from "./ids";

const cmd = (ctx: HubContext) => ({ principal: principalOf(ctx), requestId: ctx.requestId });
const optionalId = (v: string | null | undefined, arg: string) => (v == null ? undefined : parseId(v, arg));

/** The fast track for city visits (来市上访顶格办理): the 市控 list and the letters; rules in src/commands and src/domain/city-visit. */
@Resolver(() => CityControlEntryType)
export class CityVisitResolver {
  @Query(() => [CityControlEntryType], { description: "The city-controlled list (市控): the city bureau all, a county office its own locality's" })
  async cityControlList(
    @Ctx() ctx: HubContext,
    @Arg("listed", () => Boolean, { nullable: true, description: "true: still listed; false: delisted; absent: both" }) listed?: boolean | null,
    @Arg("localityOrgId", () => ID, { nullable: true }) localityOrgId?: string | null,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
  ): Promise<CityControlEntryType[]> {
    const rows = await listCityControl(ctx.deps.db, principalOf(ctx), { listed: listed ?? undefined, localityOrgId: optionalId(localityOrgId, "localityOrgId") }, pageSize(first, 200));
    return rows.map(CityControlEntryType.from);
  }

  @Query(() => [CityVisitLetterType], { description: "Fast-track letters of a petition, or of the caller's locality (the city bureau all), newest first" })
  async cityVisitLetters(
    @Ctx() ctx: HubContext,
    @Arg("petitionId", () => ID, { nullable: true }) petitionId?: string | null,
    @Arg("awaitingResponse", { defaultValue: false }) awaitingResponse?: boolean,
    @Arg("overdueOnly", { defaultValue: false }) overdueOnly?: boolean,
    @Arg("first", () => Int, { defaultValue: 50 }) first?: number,
  ): Promise<CityVisitLetterType[]> {
    const rows = await listCityVisitLetters(ctx.deps.db, principalOf(ctx), { petitionId: optionalId(petitionId, "petitionId"), awaitingResponse, overdueOnly }, pageSize(first, 200), new Date());
    return rows.map(CityVisitLetterType.from);
  }

  @Mutation(() => CityVisitLetterType, { description: "The responsible locality's petition office answers one of its letters" })
  async respondToCityVisitLetter(@Arg("letterId", () => ID) letterId: string, @Arg("input", () => CityVisitLetterResponseInput) input: CityVisitLetterResponseInput, @Ctx() ctx: HubContext): Promise<CityVisitLetterType> {
    return CityVisitLetterType.from(await respondToCityVisitLetter(ctx.deps, cmd(ctx), parseId(letterId, "letterId"), input));
  }

  @Mutation(() => CityVisitLetterType, { description: "The city bureau rejects a locality's 'not our matter' declaration (推诿): an accountability candidate" })
  async rejectNotOwnDeclaration(@Arg("letterId", () => ID) letterId: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext): Promise<CityVisitLetterType> {
    return CityVisitLetterType.from(await rejectNotOwnDeclaration(ctx.deps, cmd(ctx), parseId(letterId, "letterId"), reason));
  }

  @Mutation(() => CityControlEntryType, { description: "The city bureau takes a matter off the 市控 list, with its reason" })
  async delistCityControl(@Arg("entryId", () => ID) entryId: string, @Arg("reason") reason: string, @Ctx() ctx: HubContext): Promise<CityControlEntryType> {
    return CityControlEntryType.from(await delistCityControl(ctx.deps, cmd(ctx), parseId(entryId, "entryId"), reason));
  }

  @Mutation(() => CityControlEntryType, { description: "The city bureau changes the resolution deadline it set (audited)" })
  async setCityVisitResolutionDeadline(@Arg("entryId", () => ID) entryId: string, @Arg("dueAt") dueAt: Date, @Arg("reason") reason: string, @Ctx() ctx: HubContext): Promise<CityControlEntryType> {
    return CityControlEntryType.from(await setCityVisitResolutionDeadline(ctx.deps, cmd(ctx), parseId(entryId, "entryId"), dueAt, reason));
  }

  @Mutation(() => CityControlEntryType, { description: "The city bureau names the responsible person (包案领导) of a 市控 entry" })
  async setCityControlResponsiblePerson(@Arg("entryId", () => ID) entryId: string, @Arg("person") person: string, @Ctx() ctx: HubContext): Promise<CityControlEntryType> {
    return CityControlEntryType.from(await setCityControlResponsiblePerson(ctx.deps, cmd(ctx), parseId(entryId, "entryId"), person));
  }

  @Mutation(() => CityControlEntryType, { description: "The city bureau reviews a 市控 entry and keeps it: the next review date (YYYY-MM-DD, Beijing) and a note (audited)" })
  async reviewCityControlEntry(@Arg("entryId", () => ID) entryId: string, @Arg("nextReviewOn") nextReviewOn: string, @Arg("note") note: string, @Ctx() ctx: HubContext): Promise<CityControlEntryType> {
    return CityControlEntryType.from(await reviewCityControlEntry(ctx.deps, cmd(ctx), parseId(entryId, "entryId"), nextReviewOn, note));
  }

  @FieldResolver(() => [CityVisitLetterType])
  async letters(@Root() e: CityControlEntryType, @Ctx() ctx: HubContext): Promise<CityVisitLetterType[]> {
    return (await lettersOfEntry(ctx.deps.db, e.entityId)).map(CityVisitLetterType.from);
  }
}
