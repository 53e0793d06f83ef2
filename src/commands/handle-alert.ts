import { IsNull } from "typeorm";
import { assertOperationAllowed } from "../domain/access/policy";
import { alertState, mayAcknowledge, mayClose } from "../domain/alerts/alert-terms";
import { canSeeAlert } from "../domain/alerts/alert-visibility";
import { BadInputError, DomainError, NotFoundError } from "../domain/errors";
import { AlertEntity } from "../db/entities";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";

/** What a person does with an alert: sign for it, or close it with a note (closing an unacknowledged one signs for it too). */
export type AlertAction = { type: "ACKNOWLEDGE" } | { type: "CLOSE"; note: string };

/**
 * Acknowledges or closes an alert of the caller's organisation (the city bureau: any), recording who and when. The
 * row is claimed by a conditional update, so a repeated or concurrent action fails with INVALID_TRANSITION.
 */
export async function handleAlert(deps: HubDeps, ctx: CommandContext, alertId: number, action: AlertAction): Promise<AlertEntity> {
  assertOperationAllowed(ctx.principal, action.type === "ACKNOWLEDGE" ? "Mutation.acknowledgeAlert" : "Mutation.closeAlert");
  if (action.type === "CLOSE" && (!action.note.trim() || action.note.length > 500)) throw new BadInputError("invalid close note", [{ path: "note", message: "1–500 characters" }]);
  const now = nowOf(ctx);
  const who = ctx.principal.subject;
  return inTransaction(deps, async (em) => {
    const alert = await em.findOneBy(AlertEntity, { id: alertId });
    if (!alert || !canSeeAlert(ctx.principal, alert)) throw new NotFoundError("alert", alertId);
    const state = alertState(alert);
    const allowed = action.type === "ACKNOWLEDGE" ? mayAcknowledge(state) : mayClose(state);
    const changes: Partial<AlertEntity> =
      action.type === "ACKNOWLEDGE" ? { acknowledgedAt: now, acknowledgedBy: who } : { closedAt: now, closedBy: who, closeNote: action.note.trim(), ...(alert.acknowledgedAt ? {} : { acknowledgedAt: now, acknowledgedBy: who }) };
    const claimed = allowed ? await em.update(AlertEntity, action.type === "ACKNOWLEDGE" ? { id: alertId, acknowledgedAt: IsNull(), closedAt: IsNull() } : { id: alertId, closedAt: IsNull() }, changes) : { affected: 0 };
    if (!claimed.affected) throw new DomainError("INVALID_TRANSITION", `cannot ${action.type.toLowerCase()} an alert that is ${state}`, { from: state, event: action.type });
    Object.assign(alert, changes);
    const type = action.type === "ACKNOWLEDGE" ? "alert.acknowledged" : "alert.closed";
    await appendOutbox(em, "alert", alertId, [{ type, data: { alertId, kind: alert.kind, ownerOrgId: alert.ownerOrgId, subjectType: alert.subjectType, subjectId: alert.subjectId, by: who } }], { actor: who, requestId: ctx.requestId, at: now });
    return alert;
  });
}
