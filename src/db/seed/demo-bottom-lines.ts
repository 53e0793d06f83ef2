import { HubDeps } from "../../commands/command-context";
import { handleAlert } from "../../commands/handle-alert";
import { recordPublicOpinionPost } from "../../commands/record-public-opinion-post";
import { recordUrgentReport } from "../../commands/record-urgent-report";
import { reportHigherLevelGroupPetition } from "../../commands/report-higher-level-group-petition";
import { sweepUrgentReports } from "../../commands/sweep-urgent-reports";
import { HigherLevel, Sentiment, UrgentReportRecipient } from "../../domain/bottom-lines/bottom-line-terms";
import { Role } from "../../domain/petition-terms";
import { OrganizationEntity, PetitionEntity, UrgentReportEntity } from "../entities";
import { principalForOrg } from "../org-tree";
import { ORG } from "./organizations";

const HOUR_MS = 3_600_000;

/**
 * Demo bottom lines through the real commands: one breach of line 2 (利津's wage-arrears group at the provincial
 * reception, which its ledger had warned of) learned 26 hours ago, its alert signed for, its report chain partly made — the city leadership
 * on time, the provincial bureau late, 国家信访局 never, so the sweep flags it — and a negative post at the watch reach
 * in 广饶 (a pre-alert). The command screen's 四个不发生 panel and the candidates query have something to show.
 */
export async function loadDemoBottomLines(deps: HubDeps, now: Date): Promise<{ breaches: number }> {
  const orgs = deps.db.getRepository(OrganizationEntity);
  const bureau = await orgs.findOneByOrFail({ code: ORG.CITY_BUREAU });
  const officer = await principalForOrg(deps.db, bureau, "demo:DY_XFJ:bottom-lines", [Role.CASE_OFFICER]);
  const lijin = await orgs.findOneByOrFail({ code: ORG.LIJIN });
  const learnedAt = new Date(now.getTime() - 26 * HOUR_MS);
  const o = await reportHigherLevelGroupPetition(deps, { principal: officer, now: learnedAt, requestId: "demo:bottom-line:province" }, {
    level: HigherLevel.PROVINCE,
    localityOrgId: lijin.id,
    headcount: 15,
    occurredAt: new Date(learnedAt.getTime() - 2 * HOUR_MS),
    summary: "利津县某工地15名农民工到省信访局集体反映欠薪",
    petitionId: null,
    matterId: null,
    owningLeader: "利津县副县长李某",
  });
  const reports = await deps.db.getRepository(UrgentReportEntity).find({ where: { breachId: o.breach!.id } });
  const byRecipient = new Map(reports.map((r) => [r.recipient, r.id]));
  const at = (h: number) => new Date(learnedAt.getTime() + h * HOUR_MS);
  await recordUrgentReport(deps, { principal: officer, now: at(0.75), requestId: "demo:bottom-line:report:city" }, byRecipient.get(UrgentReportRecipient.CITY_LEADERSHIP)!, at(0.75));
  await recordUrgentReport(deps, { principal: officer, now: at(3), requestId: "demo:bottom-line:report:province" }, byRecipient.get(UrgentReportRecipient.PROVINCIAL_BUREAU)!, at(3));
  await sweepUrgentReports(deps, now);
  // 利津 signed for its breach alert within the hour (an unsigned one would be escalated by the first sweep).
  const lijinOfficer = await principalForOrg(deps.db, lijin, "demo:LJX_XFJ:bottom-lines", [Role.CASE_OFFICER]);
  await handleAlert(deps, { principal: lijinOfficer, now: at(0.5), requestId: "demo:bottom-line:ack" }, o.alert!.id, { type: "ACKNOWLEDGE" });

  const guangrao = await orgs.findOneByOrFail({ code: ORG.GUANGRAO });
  const petition = await deps.db.getRepository(PetitionEntity).findOne({ where: { localityOrgId: guangrao.id }, order: { id: "ASC" } });
  if (petition) {
    const county = await principalForOrg(deps.db, guangrao, "demo:GRX_XFJ:opinion", [Role.CASE_OFFICER]);
    await recordPublicOpinionPost(deps, { principal: county, now: new Date(now.getTime() - 3 * HOUR_MS), requestId: "demo:bottom-line:post" }, {
      platform: "本地论坛",
      url: "https://bbs.example.cn/t/20261201",
      reach: 2_300,
      sentiment: Sentiment.NEGATIVE,
      localityOrgId: guangrao.id,
      petitionId: petition.id,
      matterId: null,
    });
  }
  return { breaches: 1 };
}
