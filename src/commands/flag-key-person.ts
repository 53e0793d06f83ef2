import { assertOperationAllowed } from "../domain/access/policy";
import { AlertSubjectType } from "../domain/alerts/alert-terms";
import { BottomLine } from "../domain/bottom-lines/bottom-line-terms";
import { canSeeBottomLine } from "../domain/bottom-lines/bottom-line-visibility";
import { BadInputError, DomainError, ForbiddenError, NotFoundError } from "../domain/errors";
import { AlertEntity, KeyPersonFlagEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { findVisiblePetition } from "../db/petition-queries";
import { textIssue } from "./bottom-line-inputs";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { raiseBottomLinePreAlert } from "./raise-bottom-line-breach";

/**
 * Marks a petition's petitioners as key persons (重点人员) for line 2 or 3 and raises that line's pre-alert to the
 * petition's locality: the city bureau for any petition, a county office for its own locality's. Once per petition
 * and line (again is INVALID_TRANSITION). One transaction, `bottomLine.keyPersonFlagged` on the stream.
 */
export async function flagKeyPerson(deps: HubDeps, ctx: CommandContext, petitionId: number, line: BottomLine, reason: string): Promise<{ flag: KeyPersonFlagEntity; alert: AlertEntity | null }> {
  assertOperationAllowed(ctx.principal, "Mutation.flagKeyPerson");
  const now = nowOf(ctx);
  const issues: { path: string; message: string }[] = [];
  textIssue(issues, "reason", reason, 500);
  if (line !== BottomLine.PROVINCE_GROUP && line !== BottomLine.BEIJING_GROUP) issues.push({ path: "line", message: "PROVINCE_GROUP or BEIJING_GROUP" });
  if (issues.length) throw new BadInputError("invalid key-person flag", issues);
  const petition = await findVisiblePetition(deps.db, ctx.principal, petitionId);
  if (!petition) throw new NotFoundError("petition", petitionId);
  if (!canSeeBottomLine(ctx.principal, await orgPath(deps.db, petition.localityOrgId))) throw new ForbiddenError("a county office flags key persons of its own locality only");
  const meta = { actor: ctx.principal.subject, requestId: ctx.requestId, at: now };
  return inTransaction(deps, async (em) => {
    if (await em.existsBy(KeyPersonFlagEntity, { petitionId, line })) throw new DomainError("INVALID_TRANSITION", `petition ${petitionId} is already flagged for ${line}`, { from: "FLAGGED", event: "FLAG" });
    const flag = em.create(KeyPersonFlagEntity, { petitionId, line, reason: reason.trim(), localityOrgId: petition.localityOrgId, flaggedAt: now, flaggedBy: ctx.principal.subject });
    await em.insert(KeyPersonFlagEntity, flag);
    await appendOutbox(em, "petition", petitionId, [{ type: "bottomLine.keyPersonFlagged", data: { petitionId, line, localityOrgId: flag.localityOrgId, flagId: flag.id } }], meta);
    const alert = await raiseBottomLinePreAlert(em, deps, { dedupeKey: `key-person:${flag.id}`, line, localityOrgId: flag.localityOrgId, ownerPerson: null, subjectType: AlertSubjectType.PETITION, subjectId: petitionId, message: `key persons of petition ${petition.number}: ${flag.reason}` }, meta);
    return { flag, alert };
  });
}
