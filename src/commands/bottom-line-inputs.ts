import { DataSource } from "typeorm";
import type { Principal } from "../domain/access/principal";
import { canSeeBottomLine } from "../domain/bottom-lines/bottom-line-visibility";
import { BadInputError, ForbiddenError, NotFoundError } from "../domain/errors";
import { OrgKind } from "../domain/petition-terms";
import { MatterEntity, OrganizationEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { findVisiblePetition } from "../db/petition-queries";

/**
 * The checks every bottom-line record shares: the locality is a county petition office the caller answers for (the
 * city bureau: any), and a linked petition or matter exists and the caller may see it. Invisible and missing are the
 * same NOT_FOUND, so a county learns nothing of another county's items.
 */
export async function assertBottomLineRefs(db: DataSource, p: Principal, refs: { localityOrgId: number; petitionId: number | null; matterId: number | null }): Promise<void> {
  const locality = await db.getRepository(OrganizationEntity).findOneBy({ id: refs.localityOrgId });
  if (!locality) throw new NotFoundError("organisation", refs.localityOrgId);
  if (locality.kind !== OrgKind.PETITION_OFFICE) throw new BadInputError("a bottom line's locality is a county petition office", [{ path: "localityOrgId", message: "not a county petition office" }]);
  if (!canSeeBottomLine(p, await orgPath(db, locality.id))) throw new ForbiddenError("a county office records for its own locality only");
  if (refs.petitionId !== null && !(await findVisiblePetition(db, p, refs.petitionId))) throw new NotFoundError("petition", refs.petitionId);
  if (refs.matterId !== null && !(await db.getRepository(MatterEntity).existsBy({ id: refs.matterId }))) throw new NotFoundError("matter", refs.matterId);
}

/** Bounded text or a BAD_USER_INPUT issue. */
export function textIssue(issues: { path: string; message: string }[], path: string, v: string, max: number): void {
  if (!v.trim() || v.length > max) issues.push({ path, message: `1–${max} characters` });
}
