import { EntityManager } from "typeorm";
import { AlertSubjectType } from "../domain/alerts/alert-terms";
import { groupVisitVerdict } from "../domain/bottom-lines/bottom-line-rules";
import { BottomLine, BreachSource } from "../domain/bottom-lines/bottom-line-terms";
import { Channel } from "../domain/petition-terms";
import type { PetitionEntity } from "../db/entities";
import { bottomLineSettings, HubDeps } from "./command-context";
import { raiseBottomLineBreach, raiseBottomLinePreAlert } from "./raise-bottom-line-breach";

/**
 * Line 1 at registration, inside its transaction: a visit of at least the large-group threshold breaches the line; a
 * group below it (at least the group minimum) raises a pre-alert; anything else writes nothing (and reads nothing,
 * so ordinary registrations keep their statements). Letters and calls are not gatherings, whatever their signatures.
 */
export async function checkGroupVisit(em: EntityManager, deps: HubDeps, petition: PetitionEntity, meta: { actor: string; requestId?: string; at: Date }): Promise<void> {
  if (petition.channel !== Channel.VISIT) return;
  const verdict = groupVisitVerdict(petition.headcount, bottomLineSettings(deps));
  if (verdict === "BREACH")
    await raiseBottomLineBreach(
      em,
      deps,
      { dedupeKey: `petition:${petition.id}`, line: BottomLine.LARGE_GROUP, source: BreachSource.PETITION, localityOrgId: petition.localityOrgId, headcount: petition.headcount, reach: null, petitionId: petition.id, matterId: petition.matterId, owningLeader: null, summary: `group visit of ${petition.headcount} people, petition ${petition.number}`, occurredAt: petition.receivedAt },
      meta,
    );
  else if (verdict === "PRE_ALERT")
    await raiseBottomLinePreAlert(em, deps, { dedupeKey: `group-visit:${petition.id}`, line: BottomLine.LARGE_GROUP, localityOrgId: petition.localityOrgId, ownerPerson: null, subjectType: AlertSubjectType.PETITION, subjectId: petition.id, message: `group visit of ${petition.headcount} people, petition ${petition.number}` }, meta);
}
