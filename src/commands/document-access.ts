import { DataSource } from "typeorm";
import { DEFAULT_PROJECTIONS, petitionViewFor } from "../domain/access/projection";
import { Principal } from "../domain/access/principal";
import { mayReadDocuments } from "../domain/documents/document-access";
import { NotFoundError, UnauthenticatedError } from "../domain/errors";
import { groupsServedBy } from "../domain/referrals/routing-rules";
import { PetitionEntity } from "../db/entities";
import { findVisiblePetitions } from "../db/petition-queries";
import { HubDeps, referralSettings } from "./command-context";

/**
 * The petition whose documents the principal wants, if it may read them: visible (canSeePetition, as a SQL join) and
 * its view includes `documents`. Anonymous callers are refused; invisible, missing and withheld are one NOT_FOUND.
 */
export async function petitionForDocuments(deps: HubDeps, db: DataSource, p: Principal | null, petitionId: number): Promise<PetitionEntity> {
  if (!p) throw new UnauthenticatedError();
  const found = await findVisiblePetitions(db, p, [petitionId]);
  const petition = found.rows[0];
  if (!petition) throw new NotFoundError("petition", petitionId);
  const view = petitionViewFor(p, { access: found.ownAccess?.[0] ?? [] }, deps.projections ?? DEFAULT_PROJECTIONS, groupsServedBy(referralSettings(deps).rules, p.orgCode));
  if (!mayReadDocuments(p, view, petition.accusedOrgId)) throw new NotFoundError("petition", petitionId);
  return petition;
}
