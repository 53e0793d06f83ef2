import { EntityManager } from "typeorm";
import { assertOperationAllowed } from "../domain/access/policy";
import { BadInputError, DomainError, ForbiddenError } from "../domain/errors";
import { MAX_REASSIGNMENT_TEXT, mayOwnMatter, mayRequestReassignment, ReassignmentState } from "../domain/visit-once/matter-owner";
import { MatterEntity, MatterReassignmentEntity, OrganizationEntity, PetitionEntity } from "../db/entities";
import { appendOutbox, CommandContext, HubDeps, inTransaction, nowOf } from "./command-context";
import { visiblePetitionForUpdate } from "./matter-decision";
import { supervisorOf } from "./raise-alert";
import { orgPath } from "../db/org-tree";
import { mayReceiveAccusation } from "../domain/access/visibility";

/** A required, trimmed, bounded text (a reassignment's reason, a decision's note). */
export function reassignmentText(raw: string | null | undefined, path: string): string {
  const v = raw?.trim() ?? "";
  if (!v || v.length > MAX_REASSIGNMENT_TEXT) throw new BadInputError(`${path} is required (1–${MAX_REASSIGNMENT_TEXT} characters)`, [{ path, message: `1–${MAX_REASSIGNMENT_TEXT} characters` }]);
  return v;
}

/** The matter row, locked for the rest of the transaction on MariaDB (SQLite serialises writers). */
export async function matterForUpdate(em: EntityManager, matterId: number): Promise<MatterEntity> {
  const qb = em.createQueryBuilder(MatterEntity, "m").where("m.id = :id", { id: matterId });
  if (em.connection.options.type !== "better-sqlite3") qb.setLock("pessimistic_write");
  return qb.getOneOrFail();
}

/**
 * 首接首办: asks to move the first receiving unit of the item's matter to another petition department, with a reason.
 * Nothing moves until a higher level approves (decide-matter-reassignment.ts). The caller must see the item
 * (NOT_FOUND otherwise) and be the owner or a higher level (FORBIDDEN otherwise); one open request per matter
 * (REASSIGNMENT_PENDING). One transaction, with `matter.reassignmentRequested` on the outbox; the mutation is audited.
 */
export function requestMatterReassignment(deps: HubDeps, ctx: CommandContext, petitionId: number, toOrgId: number, rawReason: string): Promise<MatterReassignmentEntity> {
  assertOperationAllowed(ctx.principal, "Mutation.requestMatterReassignment");
  const reason = reassignmentText(rawReason, "reason");
  const now = nowOf(ctx);
  return inTransaction(deps, async (em) => {
    const item = await visiblePetitionForUpdate(em, ctx, petitionId);
    const matter = await matterForUpdate(em, item.matterId);
    const owner = matter.firstReceivingOrgId ?? item.registeringOrgId;
    if (!mayRequestReassignment(ctx.principal, { orgId: owner, supervisorId: await supervisorOf(em, owner) })) throw new ForbiddenError("only the first receiving unit or a higher level may ask to reassign it");
    const target = await em.findOneBy(OrganizationEntity, { id: toOrgId });
    if (!target || !mayOwnMatter(target) || target.id === owner) throw new BadInputError("the new owner must be another petition department", [{ path: "toOrgId", message: "another petition bureau or office" }]);
    // Never to a unit an item of the matter accuses, nor one under it (Art. 30).
    const accused = (await em.find(PetitionEntity, { where: { matterId: matter.id }, select: { id: true, accusedOrgId: true } })).map((i) => i.accusedOrgId);
    const targetPath = await orgPath(em.connection, target.id);
    if (accused.some((a) => !mayReceiveAccusation(targetPath, a))) throw new BadInputError("the new owner is accused by an item of the matter", [{ path: "toOrgId", message: "accused unit" }]);
    if (await em.existsBy(MatterReassignmentEntity, { matterId: matter.id, state: ReassignmentState.PENDING })) throw new DomainError("REASSIGNMENT_PENDING", `matter ${matter.id} already has a reassignment awaiting decision`, { matterId: matter.id });
    const row = em.create(MatterReassignmentEntity, {
      matterId: matter.id,
      fromOrgId: owner,
      toOrgId: target.id,
      reason,
      state: ReassignmentState.PENDING,
      requestedBy: ctx.principal.subject.slice(0, 200),
      requestedByOrgId: ctx.principal.orgId,
      requestedAt: now,
      decidedBy: null,
      decidedByOrgId: null,
      decidedAt: null,
      decisionNote: null,
    });
    await em.insert(MatterReassignmentEntity, row);
    await appendOutbox(em, "matter", matter.id, [{ type: "matter.reassignmentRequested", data: { reassignmentId: row.id, matterId: matter.id, fromOrgId: owner, toOrgId: target.id } }], { actor: ctx.principal.subject, requestId: ctx.requestId, at: now });
    return row;
  });
}
