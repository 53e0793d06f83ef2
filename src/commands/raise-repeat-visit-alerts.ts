import { EntityManager } from "typeorm";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { MatterLink } from "../domain/matters/matter-link";
import { AlertRecipient, mayBeAlertedAbout, REPEAT_VISIT_ACTIONS, repeatVisitKeys, repeatVisits } from "../domain/visit-once/repeat-visit";
import { OrgKind, OrgLevel } from "../domain/petition-terms";
import { OrganizationEntity, PetitionEntity } from "../db/entities";
import { orgPath } from "../db/org-tree";
import { appendOutbox, earlyWarningSettings, HubDeps } from "./command-context";
import { raiseAlert, supervisorOf } from "./raise-alert";
import { matterForUpdate } from "./request-matter-reassignment";

/**
 * 最多访一次: after items came together on a matter, alerts the matter's first receiving unit AND its supervisor about
 * every repeat in-person visit on it (repeat-visit.ts decides which), with a `visit.repeat` event on the petition's
 * stream. Inside the caller's transaction. Idempotent per item (dedupe keys name the item, not the matter), so a
 * retried link, or an unlink and relink, raises nothing twice. Returns how many alerts it raised.
 */
export async function raiseRepeatVisitAlerts(em: EntityManager, deps: HubDeps, matterId: number, meta: { actor: string; requestId?: string; at: Date }): Promise<number> {
  // Locked (after the items the caller locked), so two links onto one matter decide its repeats one after the other.
  const matter = await matterForUpdate(em, matterId);
  if (!matter.firstReceivingOrgId) return 0;
  const items = await em.find(PetitionEntity, { where: { matterId }, select: { id: true, number: true, channel: true, matterLink: true, receivedAt: true, accusedOrgId: true } });
  const repeats = repeatVisits(items.map((i) => ({ petitionId: i.id, channel: i.channel, link: i.matterLink as MatterLink, receivedAt: i.receivedAt })));
  if (!repeats.length) return 0;
  const owner = matter.firstReceivingOrgId;
  const supervisor = await supervisorOf(em, owner);
  const alertMeta = { ...meta, ackHours: earlyWarningSettings(deps).alertAckHours };
  const ownerTo = await recipient(em, owner);
  const supervisorTo = supervisor === null || supervisor === owner ? null : await recipient(em, supervisor);
  let raised = 0;
  for (const petitionId of repeats) {
    const { number, accusedOrgId } = items.find((i) => i.id === petitionId)!;
    const keys = repeatVisitKeys(petitionId);
    // The message names the item and matter only: the petitioner's name and numbers stay on the petition.
    const base = { kind: AlertKind.REPEAT_VISIT, ownerPerson: null, subjectType: AlertSubjectType.PETITION, subjectId: petitionId, requiredActions: [...REPEAT_VISIT_ACTIONS] };
    // An accusation's repeat visit is never announced to the accused unit or a unit under it (Art. 30).
    const first = mayBeAlertedAbout(ownerTo, accusedOrgId)
      ? await raiseAlert(em, { ...base, dedupeKey: keys.owner, severity: AlertSeverity.WARNING, ownerOrgId: owner, message: `重复来访：信访件 ${number} 所属事项 #${matterId} 已有来访记录，首接单位负责到底` }, alertMeta)
      : null;
    const second =
      supervisorTo && mayBeAlertedAbout(supervisorTo, accusedOrgId)
        ? await raiseAlert(em, { ...base, dedupeKey: keys.supervisor, severity: AlertSeverity.WARNING, ownerOrgId: supervisorTo.orgId, message: `重复来访（下级首接单位督办）：信访件 ${number} 所属事项 #${matterId}` }, alertMeta)
        : null;
    raised += Number(first !== null) + Number(second !== null);
    if (first || second) await appendOutbox(em, "petition", petitionId, [{ type: "visit.repeat", data: { petitionId, matterId, ownerOrgId: owner, supervisorOrgId: supervisor } }], meta);
  }
  return raised;
}

/** An organisation as an alert recipient: its path in the organisation tree and whether it is the city bureau. */
async function recipient(em: EntityManager, orgId: number): Promise<AlertRecipient> {
  const org = await em.findOneBy(OrganizationEntity, { id: orgId });
  return { orgId, path: await orgPath(em.connection, orgId), cityBureau: org?.kind === OrgKind.PETITION_BUREAU && org.level === OrgLevel.CITY };
}
