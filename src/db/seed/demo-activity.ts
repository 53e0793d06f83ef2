import { submitPetition } from "../../commands/submit-petition";
import { HubDeps } from "../../commands/command-context";
import { Principal } from "../../domain/access/principal";
import { Category, Channel, OrgKind, OrgLevel, Role } from "../../domain/petition-terms";
import { OrganizationEntity } from "../entities";
import { ORG } from "./organizations";

/** Where the demo's new items come from, in turn: the five counties/districts and the three special units. */
const PLACES = [ORG.DONGYING_DISTRICT, ORG.HEKOU, ORG.KENLI, ORG.LIJIN, ORG.GUANGRAO, ORG.OILFIELD, ORG.HORSE_FARM, ORG.AGRI_ZONE];
const ITEMS: { category: Category; channel: Channel; summary: string; request: string }[] = [
  { category: Category.APPEAL_REQUEST, channel: Channel.TELEPHONE, summary: "小区供暖温度不达标", request: "请求督促供暖单位整改" },
  { category: Category.SUGGESTION, channel: Channel.ONLINE, summary: "建议在学校门口增设减速带", request: "增设减速带" },
  { category: Category.APPEAL_REQUEST, channel: Channel.VISIT, summary: "农田灌溉渠堵塞影响春灌", request: "请求疏通灌溉渠" },
  { category: Category.APPEAL_REQUEST, channel: Channel.LETTER, summary: "工程款拖欠农民工工资", request: "请求协调支付工资" },
];

/**
 * Demo only (`npm start` with demo data): registers one new petition every `everyMs` as the city bureau's registrar,
 * rotating through the eight places, so the command screen visibly moves. Stops by itself after `max` items.
 */
export function startDemoActivity(deps: HubDeps, everyMs = 20_000, max = 180): { stop(): void } {
  let n = 0;
  let registrar: Principal | null = null;
  const timer = setInterval(() => {
    void (async () => {
      if (n >= max) return clearInterval(timer);
      const i = n++;
      const orgs = deps.db.getRepository(OrganizationEntity);
      if (!registrar) {
        const bureau = await orgs.findOneByOrFail({ kind: OrgKind.PETITION_BUREAU, level: OrgLevel.CITY });
        registrar = { subject: "demo:activity", orgId: bureau.id, orgCode: bureau.code, orgKind: bureau.kind, orgLevel: bureau.level, orgPath: [bureau.id], roles: [Role.REGISTRAR] };
      }
      const place = await orgs.findOneByOrFail({ code: PLACES[i % PLACES.length] });
      const item = ITEMS[i % ITEMS.length];
      await submitPetition(deps, { principal: registrar, now: new Date(), requestId: `demo:activity:${i}` }, { ...item, localityOrgId: place.id, anonymous: true, headcount: 1, specialGroups: [], petitioners: [] });
    })().catch((err) => deps.log.warn({ err }, "demo activity: registration failed"));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
