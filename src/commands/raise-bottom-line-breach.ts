import { EntityManager } from "typeorm";
import { AccountabilityCause, AccountabilitySubjectType } from "../domain/accountability/accountability-terms";
import { AlertKind, AlertSeverity, AlertSubjectType } from "../domain/alerts/alert-terms";
import { reportChain } from "../domain/bottom-lines/bottom-line-rules";
import { BottomLine, BreachSource } from "../domain/bottom-lines/bottom-line-terms";
import { BottomLineBreachEntity, OrganizationEntity, UrgentReportEntity } from "../db/entities";
import { bottomLineSettings, earlyWarningSettings, HubDeps, appendOutbox } from "./command-context";
import { raiseAccountabilityCandidate } from "./raise-accountability-candidate";
import { raiseAlert } from "./raise-alert";

/** Article a breach's candidate is coded to: poor handling of a large-scale group visit or negative public opinion. */
export const BREACH_ARTICLE = "信访工作条例 第四十六条第三项";
/** Article a late urgent report's candidate is coded to: concealment or late reporting. */
export const LATE_REPORT_ARTICLE = "信访工作条例 第四十六条第四项";

const LINE_NAMES: Record<BottomLine, string> = {
  LARGE_GROUP: "大规模群体性上访",
  PROVINCE_GROUP: "到省集访",
  BEIJING_GROUP: "进京集体访",
  PUBLIC_OPINION: "涉访舆情炒作",
};

const BREACH_ACTIONS: Record<BottomLine, string[]> = {
  LARGE_GROUP: ["the owning leader goes to the scene and receives the representatives", "make the urgent reports (Art. 25)", "keep the situation stable and report developments hourly"],
  PROVINCE_GROUP: ["send a team to the provincial reception place to bring the petitioners back", "make the urgent reports (Art. 25)", "hold a consultation on the matter within the day"],
  BEIJING_GROUP: ["send a team to Beijing to bring the petitioners back", "make the urgent reports (Art. 25)", "hold a consultation on the matter within the day"],
  PUBLIC_OPINION: ["answer publicly with the facts through the official channel", "make the urgent reports (Art. 25)", "resolve the underlying petition and report the outcome"],
};

const PRE_ALERT_ACTIONS: Record<BottomLine, string[]> = {
  LARGE_GROUP: ["receive the group's representatives (at most 5, Art. 20)", "stop the group from growing: talk to the organisers", "report developments to the city bureau"],
  PROVINCE_GROUP: ["verify the plan and the people involved", "assign stability-control responsibility (稳控责任)", "talk to the key persons before they leave"],
  BEIJING_GROUP: ["verify the plan and the people involved", "assign stability-control responsibility (稳控责任)", "talk to the key persons before they leave"],
  PUBLIC_OPINION: ["watch the post's reach", "prepare a factual answer", "resolve the underlying petition"],
};

/** What a rule found: one breach of a line in a locality. */
export interface BreachSpec {
  /** One breach per cause: recording the same key again is a no-op. */
  dedupeKey: string;
  line: BottomLine;
  source: BreachSource;
  localityOrgId: number;
  headcount: number | null;
  reach: number | null;
  petitionId: number | null;
  matterId: number | null;
  /** The leader named in the report; else BOTTOM_LINE_LEADERS for the locality; else none. */
  owningLeader: string | null;
  summary: string;
  occurredAt: Date;
}

/** The locality's owning leader: the one given, else the configured one for its organisation code. */
async function owningLeaderOf(em: EntityManager, deps: HubDeps, localityOrgId: number, given: string | null): Promise<string | null> {
  if (given) return given;
  const org = await em.findOneBy(OrganizationEntity, { id: localityOrgId });
  return (org && bottomLineSettings(deps).leaders[org.code]) ?? null;
}

/**
 * Records a breach inside the caller's transaction and starts what it must start: the CRITICAL alert to the locality
 * and its owning leader, the urgent report chain (three reports, each with its due time), the accountability
 * candidate for the locality, and the `bottomLine.breached` event. Idempotent by `dedupeKey` (returns null).
 */
export async function raiseBottomLineBreach(em: EntityManager, deps: HubDeps, spec: BreachSpec, meta: { actor: string; requestId?: string; at: Date }): Promise<BottomLineBreachEntity | null> {
  if (await em.existsBy(BottomLineBreachEntity, { dedupeKey: spec.dedupeKey })) return null;
  const settings = bottomLineSettings(deps);
  const owningLeader = await owningLeaderOf(em, deps, spec.localityOrgId, spec.owningLeader);
  const breach = em.create(BottomLineBreachEntity, { ...spec, owningLeader, summary: spec.summary.slice(0, 500), recordedAt: meta.at, recordedBy: meta.actor });
  await em.insert(BottomLineBreachEntity, breach);
  const chain = reportChain(meta.at, settings.reportHours);
  await em.insert(
    UrgentReportEntity,
    chain.map((r) => ({ breachId: breach.id, recipient: r.recipient, dueAt: r.dueAt, reportedAt: null, reportedBy: null, lateAt: null })),
  );
  await appendOutbox(
    em,
    "bottom-line-breach",
    breach.id,
    [{ type: "bottomLine.breached", data: { breachId: breach.id, line: breach.line, source: breach.source, localityOrgId: breach.localityOrgId, headcount: breach.headcount, reach: breach.reach, petitionId: breach.petitionId, matterId: breach.matterId, occurredAt: breach.occurredAt.toISOString(), reportsDue: chain.map((r) => ({ recipient: r.recipient, dueAt: r.dueAt.toISOString() })) } }],
    meta,
  );
  await raiseAlert(
    em,
    {
      dedupeKey: `bottom-line-breach:${breach.id}`,
      kind: AlertKind.BOTTOM_LINE_BREACH,
      severity: AlertSeverity.CRITICAL,
      ownerOrgId: breach.localityOrgId,
      ownerPerson: owningLeader,
      subjectType: AlertSubjectType.BOTTOM_LINE_BREACH,
      subjectId: breach.id,
      message: `底线突破 (${LINE_NAMES[breach.line]}): ${breach.summary}`.slice(0, 500),
      requiredActions: BREACH_ACTIONS[breach.line],
    },
    { ...meta, ackHours: settings.breachAckHours },
  );
  await raiseAccountabilityCandidate(
    em,
    {
      dedupeKey: `bottom-line-breach:${breach.id}`,
      cause: AccountabilityCause.BOTTOM_LINE_BREACH,
      article: BREACH_ARTICLE,
      responsibleOrgId: breach.localityOrgId,
      responsiblePerson: owningLeader,
      subjectType: AccountabilitySubjectType.BOTTOM_LINE_BREACH,
      subjectId: breach.id,
      summary: `bottom line ${breach.line} breached in the locality on ${breach.occurredAt.toISOString()}`,
    },
    meta,
  );
  return breach;
}

/** A line at risk: a WARNING pre-alert to the locality (no report chain, no candidate). */
export interface PreAlertSpec {
  dedupeKey: string;
  line: BottomLine;
  localityOrgId: number;
  ownerPerson: string | null;
  subjectType: AlertSubjectType;
  subjectId: number;
  message: string;
}

/** Raises a bottom-line pre-alert inside the caller's transaction (idempotent by `dedupeKey`), with the alerts' ack hours. */
export async function raiseBottomLinePreAlert(em: EntityManager, deps: HubDeps, spec: PreAlertSpec, meta: { actor: string; requestId?: string; at: Date }) {
  const ownerPerson = await owningLeaderOf(em, deps, spec.localityOrgId, spec.ownerPerson);
  return raiseAlert(
    em,
    {
      dedupeKey: spec.dedupeKey,
      kind: AlertKind.BOTTOM_LINE_PRE_ALERT,
      severity: AlertSeverity.WARNING,
      ownerOrgId: spec.localityOrgId,
      ownerPerson,
      subjectType: spec.subjectType,
      subjectId: spec.subjectId,
      message: `底线预警 (${LINE_NAMES[spec.line]}): ${spec.message}`.slice(0, 500),
      requiredActions: PRE_ALERT_ACTIONS[spec.line],
    },
    { ...meta, ackHours: earlyWarningSettings(deps).alertAckHours },
  );
}
