import { HubDeps } from "../../commands/command-context";
import { linkPetitionToMatter } from "../../commands/link-petition-to-matter";
import { requestMatterReassignment } from "../../commands/request-matter-reassignment";
import { submitPetition } from "../../commands/submit-petition";
import { Category, Channel, Role } from "../../domain/petition-terms";
import { OrganizationEntity } from "../entities";
import { principalForOrg } from "../org-tree";
import { ORG } from "./organizations";

const HOUR_MS = 3_600_000;

/**
 * 最多访一次 in the demo, through the real commands: a 广饶 matter visited in person twice (the second visit linked by
 * the county's registrar, so a repeat-visit alert is open at 广饶 and at the city bureau), and a 利津 matter whose
 * office asked to hand it to 东营区, awaiting the city bureau's approval.
 */
export async function loadDemoVisitOnce(deps: HubDeps, now: Date): Promise<{ repeatVisits: number; pendingReassignments: number }> {
  const orgs = deps.db.getRepository(OrganizationEntity);
  const [guangrao, lijin, district] = await Promise.all([ORG.GUANGRAO, ORG.LIJIN, ORG.DONGYING_DISTRICT].map((code) => orgs.findOneByOrFail({ code })));
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR_MS);
  const grx = await principalForOrg(deps.db, guangrao, `demo:${guangrao.code}:visit-once`, [Role.REGISTRAR, Role.CASE_OFFICER]);
  const visit = (localityOrgId: number, summary: string, name: string) => ({
    channel: Channel.VISIT,
    category: Category.APPEAL_REQUEST,
    localityOrgId,
    summary,
    request: "请求足额发放土地征收补偿款并公开分配方案",
    petitioners: [{ name }],
  });

  const first = await submitPetition(deps, { principal: grx, now: ago(10 * 24), requestId: "demo:visit-once:first" }, { ...visit(guangrao.id, "村民反映土地征收补偿款未足额发放", "村民马某"), receivedAt: ago(10 * 24) });
  const second = await submitPetition(deps, { principal: grx, now: ago(3), requestId: "demo:visit-once:second" }, { ...visit(guangrao.id, "村民再次来访反映征收补偿款问题", "村民马某"), receivedAt: ago(3) });
  await linkPetitionToMatter(deps, { principal: grx, now: ago(2), requestId: "demo:visit-once:link" }, second.id, { toPetitionId: first.id }, "同一信访人就同一征收补偿事项再次来访");

  const ljx = await principalForOrg(deps.db, lijin, `demo:${lijin.code}:visit-once`, [Role.REGISTRAR, Role.CASE_OFFICER]);
  const moved = await submitPetition(deps, { principal: ljx, now: ago(5 * 24), requestId: "demo:visit-once:moved" }, { ...visit(district.id, "商户反映市场拆迁补偿纠纷", "商户杨某"), summary: "商户反映市场拆迁补偿纠纷", receivedAt: ago(5 * 24) });
  await requestMatterReassignment(deps, { principal: ljx, now: ago(4 * 24), requestId: "demo:visit-once:reassign" }, moved.id, district.id, "争议市场及信访人户籍均在东营区，由东营区信访局首接负责到底更便于化解");
  return { repeatVisits: 1, pendingReassignments: 1 };
}
