import { assertOperationAllowed } from "../domain/access/policy";
import { DomainError, NotFoundError } from "../domain/errors";
import { approvalRefusal, canSeeReassignment, HigherApprovalRequiredError, ReassignmentState } from "../domain/visit-once/matter-owner";
import { MatterEntity, MatterReassignmentEntity } from "../db/entities";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { supervisorOf } from "./raise-alert";
import { matterForUpdate, reassignmentText } from "./request-matter-reassignment";
import { endMatterOwnerAccess, grantMatterOwnerAccess, matterItemIds } from "./matter-owner-access";

/**
 * A higher level (the owner's supervisor, or the city bureau) approves or refuses a pending reassignment, with a
 * note. Someone it does not concern gets NOT_FOUND; the requester, the owner, or a unit that is not a higher level get
 * HIGHER_APPROVAL_REQUIRED; a decided request INVALID_TRANSITION. Approval moves the matter's first receiving unit.
 * One transaction, with `matter.reassignmentApproved` / `matter.reassignmentRefused` on the outbox; audited.
 */
export function decideMatterReassignment(deps: HubDeps, ctx: CommandContext, reassignmentId: number, approve: boolean, rawNote: string): Promise<MatterReassignmentEntity> {
  assertOperationAllowed(ctx.principal, approve ? "Mutation.approveMatterReassignment" : "Mutation.refuseMatterReassignment");
  const note = reassignmentText(rawNote, "note");
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const found = await em.findOneBy(MatterReassignmentEntity, { id: reassignmentId });
    if (!found) throw new NotFoundError("reassignment", reassignmentId);
    const matter = await matterForUpdate(em, found.matterId);
    const r = await em.findOneByOrFail(MatterReassignmentEntity, { id: reassignmentId }); // re-read under the matter's lock
    const supervisor = await supervisorOf(em, r.fromOrgId);
    if (!canSeeReassignment(ctx.principal, r, supervisor)) throw new NotFoundError("reassignment", reassignmentId);
    const refusal = approvalRefusal(ctx.principal, r, supervisor);
    if (refusal) throw new HigherApprovalRequiredError(refusal);
    if (r.state !== ReassignmentState.PENDING || matter.firstReceivingOrgId !== r.fromOrgId) throw new DomainError("INVALID_TRANSITION", `reassignment ${r.id} is ${r.state}`, { from: r.state, event: approve ? "APPROVE" : "REFUSE" });
    const decision = { state: approve ? ReassignmentState.APPROVED : ReassignmentState.REFUSED, decidedBy: ctx.principal.subject.slice(0, 200), decidedByOrgId: ctx.principal.orgId, decidedAt: now, decisionNote: note };
    await em.update(MatterReassignmentEntity, { id: r.id }, decision);
    if (approve) {
      await em.update(MatterEntity, { id: matter.id }, { firstReceivingOrgId: r.toOrgId });
      // The new owner sees every item of the matter; the old one keeps only the access reasons it had of its own.
      const items = await matterItemIds(em, matter.id);
      await endMatterOwnerAccess(em, r.fromOrgId, items);
      await grantMatterOwnerAccess(em, r.toOrgId, items);
    }
    Object.assign(r, decision);
    const type = approve ? "matter.reassignmentApproved" : "matter.reassignmentRefused";
    await appendOutbox(em, "matter", matter.id, [{ type, data: { reassignmentId: r.id, matterId: matter.id, fromOrgId: r.fromOrgId, toOrgId: r.toOrgId, decidedByOrgId: ctx.principal.orgId } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return r;
  });
}
