import { EntityManager } from "typeorm";
import { BarRules, matterBar, MatterBar } from "../domain/matters/matter-bar";
import { PetitionEntity } from "../db/entities";
import { loadMatterItemFacts } from "../db/matter-queries";

/** Whether Art. 36 bars accepting `petition`, from the confirmed items of its matter (inside the command's transaction). */
export async function acceptanceBar(em: EntityManager, petition: PetitionEntity, now: Date, rules: BarRules): Promise<MatterBar> {
  if (petition.matterLink === "UNCONFIRMED") return { barred: false };
  return matterBar({ petitionId: petition.id, link: petition.matterLink }, await loadMatterItemFacts(em, petition.matterId, petition.id), now, rules);
}
