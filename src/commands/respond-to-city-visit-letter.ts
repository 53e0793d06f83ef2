import { IsNull } from "typeorm";
import { assertOperationAllowed } from "../domain/access/policy";
import { mayRespondToLetter } from "../domain/city-visit/city-visit-visibility";
import { BadInputError, ForbiddenError, InvalidTransitionError, NotFoundError } from "../domain/errors";
import { CityVisitLetterEntity } from "../db/entities";
import { visibleLetterForUpdate } from "../db/city-visit-queries";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";

/** The locality's answer to a fast-track letter. */
export interface LetterResponseInput {
  text: string;
  /** The locality declares the matter not its own (the city bureau may reject that as buck-passing). */
  notOurMatter: boolean;
}

/**
 * Records the responsible locality's response to one of its letters, once. Only the recipient's own petition office
 * answers; another county meets NOT_FOUND (it cannot see the letter), the city bureau FORBIDDEN (it issued it).
 */
export async function respondToCityVisitLetter(deps: HubDeps, ctx: CommandContext, letterId: number, input: LetterResponseInput): Promise<CityVisitLetterEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.respondToCityVisitLetter");
  const text = input.text.trim();
  if (!text || text.length > 2000) throw new BadInputError("invalid response", [{ path: "text", message: "1–2000 characters" }]);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const letter = await visibleLetterForUpdate(em, ctx.principal, letterId);
    if (!letter) throw new NotFoundError("letter", letterId);
    if (!mayRespondToLetter(ctx.principal, letter.recipientOrgId)) throw new ForbiddenError("only the recipient locality's petition office responds to its letter");
    if (letter.respondedAt) throw new InvalidTransitionError("RESPONDED", "respond to", "the letter was answered already");
    const changes = { respondedAt: now, respondedBy: ctx.principal.subject, responseText: text, declaredNotOwn: input.notOurMatter };
    const claimed = await em.update(CityVisitLetterEntity, { id: letter.id, respondedAt: IsNull() }, changes);
    if (!claimed.affected) throw new InvalidTransitionError("RESPONDED", "respond to", "the letter was answered already");
    const late = now.getTime() > letter.responseDueAt.getTime();
    await appendOutbox(em, "petition", letter.petitionId, [{ type: "cityVisit.letterResponded", data: { letterId: letter.id, number: letter.number, kind: letter.kind, late, notOurMatter: input.notOurMatter } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return Object.assign(letter, changes);
  });
}
