import { IsNull } from "typeorm";
import { AccountabilityCause, AccountabilitySubjectType } from "../domain/accountability/accountability-terms";
import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError, InvalidTransitionError, NotFoundError } from "../domain/errors";
import { CityVisitLetterEntity } from "../db/entities";
import { visibleLetterForUpdate } from "../db/city-visit-queries";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { raiseAccountabilityCandidate } from "./raise-accountability-candidate";

/** 推诿 and 拖延 are coded to this article (信访工作条例 第四十五条 (四): 推诿、敷衍、拖延信访事项办理). */
export const BUCK_PASSING_ARTICLE = "信访工作条例 第四十五条";

/**
 * The city bureau rejects a locality's declaration that the matter is not its own: buck-passing (推诿). Records the
 * rejection on the letter and raises an accountability candidate against the locality, in one transaction.
 */
export async function rejectNotOwnDeclaration(deps: HubDeps, ctx: CommandContext, letterId: number, rawReason: string): Promise<CityVisitLetterEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.rejectNotOwnDeclaration");
  const reason = rawReason.trim();
  if (!reason || reason.length > 500) throw new BadInputError("invalid reason", [{ path: "reason", message: "1–500 characters" }]);
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const letter = await visibleLetterForUpdate(em, ctx.principal, letterId);
    if (!letter) throw new NotFoundError("letter", letterId);
    if (!letter.declaredNotOwn) throw new InvalidTransitionError(letter.respondedAt ? "RESPONDED" : "AWAITING_RESPONSE", "reject the declaration of", "the locality did not declare the matter not its own");
    const claimed = await em.update(CityVisitLetterEntity, { id: letter.id, notOwnRejectedAt: IsNull() }, { notOwnRejectedAt: now });
    if (!claimed.affected) throw new InvalidTransitionError("REJECTED", "reject the declaration of", "already rejected");
    const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
    await appendOutbox(em, "petition", letter.petitionId, [{ type: "cityVisit.notOwnDeclarationRejected", data: { letterId: letter.id, number: letter.number, localityOrgId: letter.recipientOrgId, reason } }], meta);
    await raiseAccountabilityCandidate(
      em,
      {
        dedupeKey: `buck-passing:letter:${letter.id}`,
        cause: AccountabilityCause.BUCK_PASSING,
        article: BUCK_PASSING_ARTICLE,
        responsibleOrgId: letter.recipientOrgId,
        responsiblePerson: null,
        subjectType: AccountabilitySubjectType.LETTER,
        subjectId: letter.id,
        summary: `${letter.number}：属地声明非其事项，市信访局不予认可（${reason}）`,
      },
      meta,
    );
    return Object.assign(letter, { notOwnRejectedAt: now });
  });
}
