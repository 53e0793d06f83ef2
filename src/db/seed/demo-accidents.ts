import { closeAccidentCase } from "../../commands/close-accident-case";
import { HubDeps } from "../../commands/command-context";
import { formAccidentTeam, recordAccidentConsultation, startAccidentOpinionWatch } from "../../commands/complete-accident-duty";
import { handleAlert } from "../../commands/handle-alert";
import { openAccidentCase } from "../../commands/open-accident-case";
import { sweepAccidentDuties } from "../../commands/sweep-accident-duties";
import { AccidentKind } from "../../domain/accidents/accident-terms";
import { AlertSubjectType } from "../../domain/alerts/alert-terms";
import { RiskType } from "../../domain/early-warning/ledger-terms";
import { RiskGrade } from "../../domain/early-warning/ledger-terms";
import { Role } from "../../domain/petition-terms";
import { AlertEntity, LedgerEntryEntity, OrganizationEntity } from "../entities";
import { principalForOrg } from "../org-tree";
import { ORG } from "./organizations";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const hoursAfter = (d: Date, h: number) => new Date(d.getTime() + h * HOUR_MS);

/**
 * Demo accident cases through the real commands: at 垦利 a traffic death opened 4.5 hours ago (linked to the demo
 * ledger's accident report there), its team formed and consultation held in time, its public-opinion watch half an
 * hour overdue and flagged by the sweep; at 河口 a work injury closed by agreement, its alerts signed and closed.
 */
export async function loadDemoAccidents(deps: HubDeps, now: Date): Promise<{ cases: number }> {
  const orgs = deps.db.getRepository(OrganizationEntity);

  const kenli = await orgs.findOneByOrFail({ code: ORG.KENLI });
  const kl = await principalForOrg(deps.db, kenli, `demo:${kenli.code}:accident`, [Role.CASE_OFFICER]);
  const ledger = await deps.db.getRepository(LedgerEntryEntity).findOneBy({ localityOrgId: kenli.id, riskType: RiskType.ACCIDENT });
  const openedAt = hoursAfter(now, -4.5);
  const open = await openAccidentCase(deps, { principal: kl, now: openedAt, requestId: "demo:accident:0" }, {
    localityOrgId: kenli.id, kind: AccidentKind.DEATH, casualties: 1, occurredAt: hoursAfter(openedAt, -1), place: "垦利区某国道路口", summary: "货车与电动自行车相撞，骑车人当场死亡，家属聚集医院", leader: "副区长孙某", ledgerEntryId: ledger?.id ?? null,
  });
  const k = open.accidentCase.id;
  await formAccidentTeam(deps, { principal: kl, now: hoursAfter(openedAt, 1), requestId: "demo:accident:0:team" }, k, { leader: "副区长孙某", members: [{ name: "刘某", unit: "垦利区交警大队" }, { name: "陈某", unit: "垦利区信访局" }, { name: "赵某", unit: "事发地街道办" }] });
  await recordAccidentConsultation(deps, { principal: kl, now: hoursAfter(openedAt, 2.5), requestId: "demo:accident:0:consult" }, k, { participants: ["垦利区信访局", "交警大队", "街道办"], assessment: "家属情绪激动，诉求集中于赔偿，有聚集风险", grade: RiskGrade.MEDIUM });
  // The opinion watch (due 4 hours after opening) is not started: the sweep flags it and tells the city bureau.
  await sweepAccidentDuties(deps, now);

  const hekou = await orgs.findOneByOrFail({ code: ORG.HEKOU });
  const hk = await principalForOrg(deps.db, hekou, `demo:${hekou.code}:accident`, [Role.CASE_OFFICER]);
  const hOpened = new Date(now.getTime() - 20 * DAY_MS);
  const closed = await openAccidentCase(deps, { principal: hk, now: hOpened, requestId: "demo:accident:1" }, {
    localityOrgId: hekou.id, kind: AccidentKind.INJURY, casualties: 3, occurredAt: hoursAfter(hOpened, -2), place: "河口区某建筑工地", summary: "脚手架倒塌，三名工人受伤住院", leader: "副区长钱某",
  });
  const h = closed.accidentCase.id;
  const hctx = (hours: number, step: string) => ({ principal: hk, now: hoursAfter(hOpened, hours), requestId: `demo:accident:1:${step}` });
  await formAccidentTeam(deps, hctx(1.5, "team"), h, { leader: "副区长钱某", members: [{ name: "周某", unit: "河口区住建局" }, { name: "吴某", unit: "河口区人社局" }] });
  await startAccidentOpinionWatch(deps, hctx(2, "watch"), h, { startedAt: hoursAfter(hOpened, 2), channels: ["微博", "抖音", "本地论坛"], findings: "个别帖文转发，未见炒作" });
  await recordAccidentConsultation(deps, hctx(5, "consult"), h, { participants: ["河口区信访局", "住建局", "人社局", "施工单位"], assessment: "伤者病情稳定，赔偿意愿明确，风险可控", grade: RiskGrade.LOW });
  await closeAccidentCase(deps, hctx(10 * 24, "close"), h, { agreement: { date: hoursAfter(hOpened, 10 * 24 - 2), parties: ["三名伤者及家属", "某建筑工程有限公司"], reference: "河调协〔2026〕第 8 号", amount: 420000 } });
  // The closed case's alerts were signed for and closed in time, as its locality and the bureau would have.
  const bureau = await orgs.findOneByOrFail({ code: ORG.CITY_BUREAU });
  const cb = await principalForOrg(deps.db, bureau, "demo:bureau:accident", [Role.CASE_OFFICER]);
  for (const a of await deps.db.getRepository(AlertEntity).findBy({ subjectType: AlertSubjectType.ACCIDENT_CASE, subjectId: h })) {
    await handleAlert(deps, { principal: a.ownerOrgId === hekou.id ? hk : cb, now: hoursAfter(hOpened, 10 * 24), requestId: `demo:accident:1:alert:${a.id}` }, a.id, { type: "CLOSE", note: "已签订赔偿协议，事件处置完毕" });
  }
  return { cases: 2 };
}
