import { HubDeps } from "../../commands/command-context";
import { fileLedgerEntry, LedgerEntryInput } from "../../commands/file-ledger-entry";
import { recordConsultation } from "../../commands/record-consultation";
import { sweepAlertAcks } from "../../commands/sweep-alert-acks";
import { sweepLedger } from "../../commands/sweep-ledger";
import { ConsultationDecision, Reliability, RiskGrade, RiskType } from "../../domain/early-warning/ledger-terms";
import { Role } from "../../domain/petition-terms";
import { OrganizationEntity } from "../entities";
import { principalForOrg } from "../org-tree";
import { ORG, OrgCode } from "./organizations";

const DAY_MS = 86_400_000;

interface LedgerScenario {
  locality: OrgCode;
  hoursAgo: number;
  entry: Omit<LedgerEntryInput, "localityOrgId">;
  /** Consulted this many hours after filing, with this decision and grade. */
  consult?: { afterHours: number; decision: ConsultationDecision; grade: RiskGrade; owner: string };
}

/** A few ledgers across the counties: one escalated at a high grade, one overdue, one awaiting, two settled. */
const LEDGER: readonly LedgerScenario[] = [
  {
    locality: ORG.GUANGRAO,
    hoursAgo: 50,
    entry: { subject: "化工园区周边村民因异味问题拟集体到市反映", peopleCount: 80, riskType: RiskType.GROUP_GATHERING, reliability: Reliability.PROBABLE, reporterRole: "GRID_WORKER", reporterName: "网格员刘某" },
    consult: { afterHours: 20, decision: ConsultationDecision.ESCALATE_TO_JOINT_MEETING, grade: RiskGrade.HIGH, owner: "副县长周某" },
  },
  {
    locality: ORG.LIJIN,
    hoursAgo: 6 * 24,
    entry: { subject: "某工地农民工欠薪，扬言赴省上访", peopleCount: 15, riskType: RiskType.VISIT_TO_PROVINCE, reliability: Reliability.CONFIRMED, reporterRole: "MEDIATOR", reporterName: "调解员孙某" },
  },
  {
    locality: ORG.KENLI,
    hoursAgo: 5,
    entry: { subject: "交通事故死者家属情绪激动，聚集医院", peopleCount: 8, riskType: RiskType.ACCIDENT, reliability: Reliability.CONFIRMED, reporterRole: "POLICE_OFFICER", reporterName: "民警陈某" },
  },
  {
    locality: ORG.DONGYING_DISTRICT,
    hoursAgo: 72,
    entry: { subject: "物业纠纷帖文在本地论坛转发增多", peopleCount: 3, riskType: RiskType.PUBLIC_OPINION, reliability: Reliability.UNVERIFIED, reporterRole: "LAWYER", reporterName: "律师吴某" },
    consult: { afterHours: 30, decision: ConsultationDecision.MONITOR, grade: RiskGrade.MEDIUM, owner: "街道办主任郑某" },
  },
  {
    locality: ORG.HEKOU,
    hoursAgo: 4 * 24,
    entry: { subject: "村集体土地补偿分配争议", peopleCount: 20, riskType: RiskType.GROUP_GATHERING, reliability: Reliability.PROBABLE, reporterRole: "ELDER_VOLUNTEER", reporterName: "老党员冯某" },
    consult: { afterHours: 48, decision: ConsultationDecision.OPEN_MEDIATION_CASE, grade: RiskGrade.LOW, owner: "司法所所长王某" },
  },
];

/**
 * Demo risk ledgers through the real commands (filed by each county office, consulted by its case officer), then one
 * ledger sweep, so the command screen and the alerts query have something to show from the first start.
 */
export async function loadDemoLedger(deps: HubDeps, now: Date): Promise<{ entries: number }> {
  const orgs = deps.db.getRepository(OrganizationEntity);
  for (const [i, s] of LEDGER.entries()) {
    const org = await orgs.findOneByOrFail({ code: s.locality });
    const officer = await principalForOrg(deps.db, org, `demo:${org.code}:ledger`, [Role.REGISTRAR, Role.CASE_OFFICER]);
    const filedAt = new Date(now.getTime() - s.hoursAgo * 3_600_000);
    const entry = await fileLedgerEntry(deps, { principal: officer, now: filedAt, requestId: `demo:ledger:${i}` }, { ...s.entry, localityOrgId: org.id });
    if (!s.consult) continue;
    const at = new Date(filedAt.getTime() + s.consult.afterHours * 3_600_000);
    await recordConsultation(deps, { principal: officer, now: at, requestId: `demo:ledger:${i}:consult` }, entry.id, {
      participants: [`${org.name}值班领导`, "司法所", "派出所"],
      assessment: "会商研判：核实人数与诉求，明确稳控和化解责任",
      grade: s.consult.grade,
      decision: s.consult.decision,
      owner: s.consult.owner,
      dueAt: new Date(at.getTime() + 7 * DAY_MS),
    });
  }
  await sweepLedger(deps, now);
  // The two alerts raised by consultations days ago were never signed for: the demo shows them escalated.
  await sweepAlertAcks(deps, now);
  return { entries: LEDGER.length };
}
