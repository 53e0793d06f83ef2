import { HubDeps } from "../../commands/command-context";
import { SubmitPetitionInput } from "../../commands/petition-input";
import { submitPetition } from "../../commands/submit-petition";
import { transitionPetition } from "../../commands/transition-petition";
import { linkPetitionToMatter } from "../../commands/link-petition-to-matter";
import { Principal } from "../../domain/access/principal";
import { Actor, PERFORMER } from "../../domain/access/lifecycle-permissions";
import { PetitionEvent } from "../../domain/lifecycle/petition-events";
import { AnswerOutcome, Category, Channel, DiversionRoute, EvaluationSource, OrgKind, Role, Satisfaction, SpecialGroup } from "../../domain/petition-terms";
import { OrganizationEntity, PetitionEntity } from "../entities";
import { loadDemoLedger } from "./demo-ledger";
import { loadDemoAccidents } from "./demo-accidents";
import { loadDemoBottomLines } from "./demo-bottom-lines";
import { loadDemoDocuments } from "./demo-documents";
import { loadDemoVisitOnce } from "./demo-visit-once";
import { answerDemoLetters, finishDemoCityVisits } from "./demo-city-visit";
import { ORG, OrgCode } from "./organizations";

/*
 * Demo data: about forty petitions, each created through the real commands (submitPetition, transitionPetition)
 * so it carries history, deadlines, access rows and outbox events exactly as live data would.
 *
 * Time: every step is written as "days before the demo's today" and runs with ctx.now set to that instant
 * (09:00 local plus a few minutes per step), so clocks are computed by the real calculator. "Today" defaults to
 * the current local day, which keeps the picture the same whenever the demo is loaded: the same items are
 * overdue, due tomorrow (yellow) or comfortably open. Pass `today` to pin it to a date. Nothing is random.
 */

type Petitioner = NonNullable<SubmitPetitionInput["petitioners"]>[number];

/** A lifecycle move as written in the table: organisations by code, an assignment's result date in days. */
type DemoEvent =
  | Exclude<PetitionEvent, { type: "FORWARD" | "ASSIGN" }>
  | { type: "FORWARD"; to: OrgCode }
  | { type: "ASSIGN"; to: OrgCode; resultDueInDays: number };

/** [days before today, move, reason recorded in history] */
type DemoStep = [daysAgo: number, event: DemoEvent, reason?: string];

interface Scenario {
  /** Short label, used in request ids and error messages. */
  key: string;
  daysAgo: number;
  channel: Channel;
  category: Category;
  locality: OrgCode;
  /** The first receiving petition department; default the city bureau. */
  registeredBy?: OrgCode;
  summary: string;
  request: string;
  petitioners?: Petitioner[];
  headcount?: number;
  groups?: SpecialGroup[];
  accused?: OrgCode;
  urgent?: boolean;
  anonymous?: boolean;
  levelSkipping?: boolean;
  steps?: DemoStep[];
  /** Key of an earlier scenario whose matter the registrar confirms this item belongs to (linkPetitionToMatter). */
  linkTo?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Fake but well-formed personal data.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** An 18-character resident ID (GB 11643): area code, birth date, sequence (odd = male), ISO 7064 check char. */
export function residentId(area: string, birth: string, seq: string): string {
  const body = `${area}${birth}${seq}`;
  if (!/^\d{17}$/.test(body)) throw new Error(`bad resident id parts ${area}/${birth}/${seq}`);
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * ID_WEIGHTS[i], 0);
  return body + ID_CHECK[sum % 11];
}

/** Area codes of the petitioners' registered residence. */
const AREA = { DYQ: "370502", HKQ: "370503", KLQ: "370505", LJX: "370522", GRX: "370523", LINYI_PINGYI: "371326", HEZE_YUNCHENG: "372928" };

function person(name: string, area: string, birth: string, seq: string, phone: number, extra: Partial<Petitioner> = {}): Petitioner {
  return { name, idNumber: residentId(area, birth, seq), phone: `1380546${String(phone).padStart(4, "0")}`, ...extra };
}

// ---------------------------------------------------------------------------------------------------------------
// Moves, named so the table reads like a case file.

const forward = (to: OrgCode): DemoEvent => ({ type: "FORWARD", to });
const assign = (to: OrgCode, resultDueInDays: number): DemoEvent => ({ type: "ASSIGN", to, resultDueInDays });
const ACCEPT: DemoEvent = { type: "ACCEPT" };
const HANDLE: DemoEvent = { type: "START_HANDLING" };
const answer = (outcome: AnswerOutcome): DemoEvent => ({ type: "ANSWER", outcome });
const REQUEST_REVIEW: DemoEvent = { type: "REQUEST_REVIEW" };
const review = (outcome: AnswerOutcome): DemoEvent => ({ type: "ISSUE_REVIEW", outcome });
const REQUEST_REREVIEW: DemoEvent = { type: "REQUEST_REREVIEW" };
const rereview = (outcome: AnswerOutcome): DemoEvent => ({ type: "ISSUE_REREVIEW", outcome });
const TERMINATE: DemoEvent = { type: "TERMINATE" };
const extend = (days: number, reason: string): DemoEvent => ({ type: "EXTEND", days, approver: "局长 张某", reason, petitionerNotified: true });

/** Route, accept, handle, answer, first and second review, then termination (Art. 36), on the given days. */
function untilTerminated(route: DemoEvent, days: [number, number, number, number, number, number, number, number, number], answers: AnswerOutcome): DemoStep[] {
  const [routed, accepted, started, answered, reviewAsked, reviewed, rereviewAsked, rereviewed, terminated] = days;
  return [
    [routed, route],
    [accepted, ACCEPT],
    [started, HANDLE],
    [answered, answer(answers)],
    [reviewAsked, REQUEST_REVIEW, "信访人对处理意见不服，请求复查"],
    [reviewed, review(answers), "复查认为原处理意见认定事实清楚、适用政策正确"],
    [rereviewAsked, REQUEST_REREVIEW, "信访人对复查意见不服，请求复核"],
    [rereviewed, rereview(answers), "复核维持复查意见"],
    [terminated, TERMINATE, "复核终结，同一事实和理由不再受理"],
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// The scenarios. Comments give the state each one ends in and what its clocks show.

const DISABILITY_SUBSIDY = {
  summary: "垦利区二级视力残疾人反映，其困难残疾人生活补贴和重度残疾人护理补贴自去年10月起一直未发放，多次到街道询问未果。",
  request: "要求补发拖欠的残疾人两项补贴，并按月正常发放。",
  petitioners: [person("刘玉梅", AREA.KLQ, "19790423", "226", 1018, { disabled: true, address: "垦利区垦利街道兴隆社区" })],
};

const SCENARIOS: Scenario[] = [
  // REGISTERED, not routed after 20 days: the routing duty (15 days, Art. 22) is overdue.
  {
    key: "drainage-hekou", daysAgo: 20, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.HEKOU,
    summary: "河口区河口街道某小区业主来信反映，小区排水管网老化堵塞，每逢降雨地下车库和一楼住户严重积水，物业称无维修资金。",
    request: "要求有关部门尽快组织维修改造小区排水管网。",
    petitioners: [person("孙立华", AREA.HKQ, "19760815", "313", 1001, { address: "河口区河口街道海宁社区" })],
  },
  // REGISTERED 14 days ago: routing due tomorrow (yellow).
  {
    key: "crossing-light", daysAgo: 14, channel: Channel.ONLINE, category: Category.SUGGESTION, locality: ORG.DONGYING_DISTRICT,
    summary: "市民网上建议：东营区西城某小学门前路口车流量大，学生上下学横穿马路存在安全隐患。",
    request: "建议在该路口增设人行横道信号灯，并设置学校区域限速标志。",
    petitioners: [person("王海燕", AREA.DYQ, "19880207", "124", 1002)],
  },
  // REGISTERED yesterday.
  {
    key: "subsistence-guangrao", daysAgo: 1, channel: Channel.TELEPHONE, category: Category.APPEAL_REQUEST, locality: ORG.GUANGRAO,
    summary: "广饶县大王镇某村村民来电反映，其母亲申请农村最低生活保障，村委会以家中有车为由不予上报，该车辆实为其外甥所有。",
    request: "要求重新核查其母亲的家庭经济状况，依规办理低保。",
    petitioners: [person("李建军", AREA.GRX, "19700611", "035", 1003)],
  },
  // REGISTERED by the county office itself.
  {
    key: "floodplain-ponds", daysAgo: 2, registeredBy: ORG.LIJIN, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.LIJIN,
    summary: "利津县陈庄镇养殖户来访反映，其在黄河滩区承包的养殖池塘被划入生态保护范围后被要求退养，至今未获任何补偿。",
    request: "要求按政策给予退养补偿或另行安排养殖用地。",
    petitioners: [person("张学文", AREA.LJX, "19680302", "217", 1004)],
  },
  // ROUTING: the bureau is working out who is competent.
  {
    key: "agrizone-land-quota", daysAgo: 6, channel: Channel.FAX, category: Category.APPEAL_REQUEST, locality: ORG.AGRI_ZONE,
    summary: "农高区某农业科技公司传真反映，入区时园区承诺的设施农业用地指标两年未落实，温室项目无法开工。",
    request: "要求兑现招商时的用地承诺，或协调解决项目用地。",
    petitioners: [person("赵国庆", AREA.KLQ, "19811001", "059", 1005, { address: "黄河三角洲农业高新技术产业示范区创新创业中心" })],
    steps: [[5, { type: "START_ROUTING" }]],
  },
  // FORWARDED to a department.
  {
    key: "late-handover", daysAgo: 10, channel: Channel.ONLINE, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT,
    summary: "东营区某商品房项目购房户网上反映，开发商合同约定的交房日期已逾期一年，项目停工，开发商不予答复。",
    request: "要求开发商按合同交房并支付逾期交房违约金。",
    petitioners: [person("周晓峰", AREA.DYQ, "19900517", "271", 1006)],
    steps: [[9, forward(ORG.HOUSING), "商品房逾期交付属市住建局职责"]],
  },
  // FORWARDED to 残联 14 days ago: acceptance notice due tomorrow (yellow).
  {
    key: "barrier-free-home", daysAgo: 16, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.LIJIN, groups: [SpecialGroup.DISABLED],
    summary: "利津县一级肢体残疾人来信反映，其去年申请的困难重度残疾人家庭无障碍改造已通过审核，但一年多未实施。",
    request: "要求尽快落实家庭无障碍改造。",
    petitioners: [person("马春生", AREA.LJX, "19650920", "113", 1007, { disabled: true, address: "利津县利津街道城南社区" })],
    steps: [[14, forward(ORG.DISABLED_FEDERATION)]],
  },
  // FORWARDED to 妇联.
  {
    key: "divorced-land-rights", daysAgo: 5, channel: Channel.TELEPHONE, category: Category.APPEAL_REQUEST, locality: ORG.GUANGRAO, groups: [SpecialGroup.WOMEN_CHILDREN],
    summary: "广饶县稻庄镇某村妇女来电反映，其离婚后户口仍在本村，村委会取消了其土地承包经营权和集体收益分配资格。",
    request: "要求保障其土地承包和集体收益分配权益。",
    petitioners: [person("崔丽娜", AREA.GRX, "19860114", "328", 1008)],
    steps: [[4, forward(ORG.WOMEN_FEDERATION), "涉及妇女权益，转妇联会同处理"]],
  },
  // FORWARDED to the oilfield 19 days ago, no acceptance notice yet: overdue.
  {
    key: "oilfield-heating-fee", daysAgo: 22, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.OILFIELD,
    summary: "胜利油田某社区退休职工来访反映，供暖费改革后个人负担由每平方米6元增至22元，退休人员难以承受。",
    request: "要求对退休职工按原标准收取供暖费或给予补贴。",
    petitioners: [person("高福林", AREA.DYQ, "19580306", "151", 1009, { address: "东营区胜利街道胜中社区" })],
    steps: [[19, forward(ORG.OILFIELD), "属胜利油田社区管理事项"]],
  },
  // FORWARDED, after the first handler objected (Art. 23) and the bureau re-routed.
  {
    key: "green-space-building", daysAgo: 12, channel: Channel.ONLINE, category: Category.APPEAL_REQUEST, locality: ORG.HEKOU,
    summary: "河口区某小区居民反映，一楼住户在小区公共绿地上私自搭建阳光房约40平方米，物业劝阻无效。",
    request: "要求依法拆除违法建筑，恢复公共绿地。",
    petitioners: [person("韩秀英", AREA.HKQ, "19721226", "342", 1010)],
    steps: [
      [11, forward(ORG.NATURAL_RESOURCES)],
      [9, { type: "OBJECT", reason: "小区内违法建设的查处属住房和城乡建设（综合执法）部门职责" }],
      [9, { type: "REROUTE" }],
      [8, forward(ORG.HOUSING), "按异议意见改转市住建局"],
    ],
  },
  // ASSIGNED (交办): a group visit of 30 migrant workers, three representatives, result due in 10 days.
  {
    key: "kenli-wage-arrears", daysAgo: 4, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.KENLI,
    headcount: 30, groups: [SpecialGroup.MIGRANT_WORKER],
    summary: "垦利区某住宅项目建筑工地30名农民工集体来访，反映劳务分包企业拖欠2025年下半年工资共计约86万元，总承包单位称已足额拨付工程款。",
    request: "要求总承包单位和劳务分包企业立即支付拖欠工资。",
    petitioners: [
      person("王国强", AREA.LINYI_PINGYI, "19750709", "235", 1011, { representative: true }),
      person("陈保山", AREA.HEZE_YUNCHENG, "19790218", "417", 1012, { representative: true }),
      person("刘彩霞", AREA.KLQ, "19830930", "026", 1013, { representative: true }),
    ],
    steps: [[4, assign(ORG.KENLI, 10), "群体性欠薪，交垦利区限期化解"]],
  },
  // ASSIGNED to the horse farm: land contract dispute.
  {
    key: "horse-farm-contract", daysAgo: 8, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.HORSE_FARM,
    summary: "山东军马场职工来信反映，其承包的200亩耕地合同期至2030年，场方以土地整合为由提前收回另行发包，未给予补偿。",
    request: "要求继续履行承包合同，或按剩余承包期给予合理补偿。",
    petitioners: [person("杨宝成", AREA.KLQ, "19660412", "193", 1014, { address: "山东军马场第二分场" })],
    steps: [[7, assign(ORG.HORSE_FARM, 30)]],
  },
  // ASSIGNED to the county office: a veteran's allowance.
  {
    key: "lijin-veteran-allowance", daysAgo: 3, channel: Channel.TELEPHONE, category: Category.APPEAL_REQUEST, locality: ORG.LIJIN, groups: [SpecialGroup.VETERAN_MILITARY],
    summary: "利津县北宋镇退役军人来电反映，其享受的农村籍退役士兵老年生活补助自今年7月起停发，镇里称系统核查未通过。",
    request: "要求查明原因并恢复发放、补发停发期间的补助。",
    petitioners: [person("徐长河", AREA.LJX, "19560125", "071", 1015, { veteran: true })],
    steps: [[3, assign(ORG.LIJIN, 15)]],
  },
  // ACCEPTED: handling clock (60 days) running.
  {
    key: "private-school-fees", daysAgo: 9, channel: Channel.ONLINE, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT,
    summary: "家长网上反映，东营区某民办学校本学期擅自将学费由每学期9800元提高到12800元，并强制收取教辅材料费。",
    request: "要求查处违规收费行为并退还多收费用。",
    petitioners: [person("吕晓雯", AREA.DYQ, "19870805", "046", 1016)],
    steps: [[8, forward(ORG.EDUCATION)], [3, ACCEPT]],
  },
  // ACCEPTED suggestion: no handling clock applies by default.
  {
    key: "market-scales", daysAgo: 7, channel: Channel.TELEPHONE, category: Category.SUGGESTION, locality: ORG.DONGYING_DISTRICT,
    summary: "市民来电反映，东营区某农贸市场部分摊位缺斤短两现象突出。",
    request: "建议在市场设置公平秤，加强计量器具检查。",
    petitioners: [person("冯建华", AREA.DYQ, "19620719", "257", 1017)],
    steps: [[6, forward(ORG.MARKET_REGULATION)], [2, ACCEPT]],
  },
  // ACCEPTED, but forwarded after the 15-day routing period: that duty closed BREACHED.
  {
    key: "fraud-case", daysAgo: 30, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.GUANGRAO,
    summary: "广饶县居民来信反映，其被电信网络诈骗18万元，报案立案已三个月，案件无任何进展。",
    request: "要求公安机关加大侦办力度，追缴被骗资金。",
    petitioners: [person("宋文博", AREA.GRX, "19930321", "159", 1019)],
    steps: [[10, forward(ORG.PUBLIC_SECURITY)], [4, ACCEPT]],
  },
  // IN_HANDLING at 残联; a repeat visit on the same facts is linked to this matter by the registrar (below).
  {
    key: "disability-subsidy", daysAgo: 40, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.KENLI, groups: [SpecialGroup.DISABLED],
    ...DISABILITY_SUBSIDY,
    steps: [[38, forward(ORG.DISABLED_FEDERATION)], [30, ACCEPT], [29, HANDLE]],
  },
  // REGISTERED: the same petitioner, same facts, in person (重复信访): its own matter at registration (Art. 22),
  // suggested by the ID number, and linked to the matter above when the registrar confirms it.
  {
    key: "disability-subsidy-repeat", daysAgo: 3, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.KENLI, groups: [SpecialGroup.DISABLED],
    ...DISABILITY_SUBSIDY,
    linkTo: "disability-subsidy",
  },
  // IN_HANDLING, accepted 59 days ago: handling due tomorrow (yellow).
  {
    key: "double-billing", daysAgo: 62, channel: Channel.ONLINE, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT,
    summary: "患者家属反映，其父亲在东营市某医院住院期间部分检查和耗材被重复收费，共计约1.2万元。",
    request: "要求核查住院费用明细并退还多收费用。",
    petitioners: [person("郑志刚", AREA.DYQ, "19850312", "273", 1020)],
    steps: [[61, forward(ORG.HEALTH)], [59, ACCEPT], [58, HANDLE]],
  },
  // IN_HANDLING past the 60-day handling period: overdue.
  {
    key: "property-certificate", daysAgo: 75, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.HEKOU,
    summary: "河口区某小区多户居民反映，因开发商未缴清土地出让金，入住八年仍无法办理不动产权证书。",
    request: "要求协调解决历史遗留问题，为业主办理不动产权证书。",
    petitioners: [person("何淑芬", AREA.HKQ, "19690508", "184", 1021)],
    steps: [[74, forward(ORG.NATURAL_RESOURCES)], [70, ACCEPT], [69, HANDLE]],
  },
  // IN_HANDLING: anonymous accusation naming 住建局, routed to the discipline commission, never shown to the accused (Art. 30).
  {
    key: "housing-bribery", daysAgo: 18, channel: Channel.LETTER, category: Category.ACCUSATION, locality: ORG.DONGYING_DISTRICT,
    anonymous: true, accused: ORG.HOUSING,
    summary: "匿名举报：市住房和城乡建设局住房保障科工作人员在保障性住房资格审核中收受申请人财物，为不符合条件人员违规办理。",
    request: "要求纪检监察机关调查核实并依纪依法处理。",
    steps: [[17, forward(ORG.DISCIPLINE), "检举控告类事项转纪检监察机关"], [12, ACCEPT], [11, HANDLE]],
  },
  // IN_HANDLING, urgent: domestic violence, forwarded the same day.
  {
    key: "domestic-violence", daysAgo: 6, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT,
    urgent: true, groups: [SpecialGroup.WOMEN_CHILDREN],
    summary: "东营区某街道妇女来访反映，长期遭受丈夫家庭暴力，近日再次被殴打致轻微伤，担心自身及两名未成年子女的人身安全。",
    request: "请求协助申请人身安全保护令，并提供临时庇护和法律援助。",
    petitioners: [person("田雪梅", AREA.DYQ, "19910627", "088", 1022)],
    steps: [[6, forward(ORG.WOMEN_FEDERATION), "紧急事项，当日转妇联并通报公安机关"], [5, ACCEPT], [5, HANDLE]],
  },
  // EXTENDED once (Art. 34) with the head's approval; level-skipping visit.
  {
    key: "veteran-resettlement", daysAgo: 80, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.GUANGRAO,
    groups: [SpecialGroup.VETERAN_MILITARY], levelSkipping: true,
    summary: "广饶县退役士兵来访反映，其2012年退役时符合安排工作条件，当时承诺的工作岗位至今未落实，曾到省信访局反映。",
    request: "要求按退役士兵安置政策落实工作岗位或给予相应待遇。",
    petitioners: [person("邵建国", AREA.GRX, "19900110", "015", 1023, { veteran: true })],
    steps: [
      [78, forward(ORG.VETERANS_AFFAIRS)], [72, ACCEPT], [71, HANDLE],
      [15, extend(30, "涉及2012年安置政策衔接，需会同人社部门调阅安置档案")],
    ],
  },
  // EXTENDED: oilfield housing demolition compensation, handled by the oilfield.
  {
    key: "oilfield-demolition", daysAgo: 68, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.OILFIELD, headcount: 4,
    summary: "胜利油田某采油厂老旧职工住宅片区实施棚户区改造，4户住户来访反映拆迁补偿标准低于同期地方棚改标准，且未提供安置房源选择。",
    request: "要求按东营市同期棚户区改造补偿标准给予补偿，并提供就近安置房源。",
    petitioners: [
      person("吴振华", AREA.DYQ, "19630215", "231", 1024, { representative: true, address: "东营区胜利街道孤岛社区" }),
      person("郭玉兰", AREA.DYQ, "19650818", "262", 1025, { representative: true }),
    ],
    steps: [
      [67, forward(ORG.OILFIELD)], [62, ACCEPT], [61, HANDLE],
      [3, extend(30, "补偿标准需与市住建局、东营区政府联合评估")],
    ],
  },
  // ANSWERED: review window open.
  {
    key: "household-registration", daysAgo: 50, channel: Channel.TELEPHONE, category: Category.APPEAL_REQUEST, locality: ORG.LIJIN,
    summary: "利津县居民来电反映，其申请将户口迁入女儿家投靠落户，派出所以房屋产权人非直系亲属为由拒绝办理。",
    request: "要求依规办理户口迁入。",
    petitioners: [person("孟凡英", AREA.LJX, "19560904", "140", 1026)],
    steps: [[49, forward(ORG.PUBLIC_SECURITY)], [45, ACCEPT], [44, HANDLE], [10, answer(AnswerOutcome.EXPLAIN)]],
  },
  // ANSWERED in the petitioner's favour: social insurance for a migrant worker.
  {
    key: "social-insurance", daysAgo: 45, channel: Channel.ONLINE, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT, groups: [SpecialGroup.MIGRANT_WORKER],
    summary: "外来务工人员网上反映，其在东营区某物流公司工作三年，公司一直未为其缴纳社会保险。",
    request: "要求责令公司补缴社会保险费。",
    petitioners: [person("蒋卫东", AREA.HEZE_YUNCHENG, "19880403", "371", 1027)],
    steps: [[44, forward(ORG.HUMAN_RESOURCES)], [40, ACCEPT], [39, HANDLE], [5, answer(AnswerOutcome.SUPPORT)]],
  },
  // ANSWERED 29 days ago: the petitioner's review window ends tomorrow.
  {
    key: "farmland-project", daysAgo: 90, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.HEKOU,
    summary: "河口区某村村民来信反映，其承包的300亩盐碱地未被纳入高标准农田建设项目，而邻村同类地块已纳入。",
    request: "要求将其承包地纳入高标准农田建设范围。",
    petitioners: [person("曹德胜", AREA.HKQ, "19710212", "179", 1028)],
    steps: [[89, forward(ORG.NATURAL_RESOURCES)], [85, ACCEPT], [84, HANDLE], [29, answer(AnswerOutcome.NOT_SUPPORT)]],
  },
  // EVALUATED: answered and rated satisfied.
  {
    key: "after-school-care", daysAgo: 40, channel: Channel.ONLINE, category: Category.SUGGESTION, locality: ORG.DONGYING_DISTRICT,
    summary: "家长网上建议，将城区小学课后延时服务时间由17:00延长至18:00，方便双职工家庭接送。",
    request: "建议延长小学课后服务时间。",
    petitioners: [person("许静", AREA.DYQ, "19890716", "208", 1029)],
    steps: [[39, forward(ORG.EDUCATION)], [35, ACCEPT], [34, HANDLE], [20, answer(AnswerOutcome.SUPPORT)], [18, { type: "EVALUATE", satisfaction: Satisfaction.SATISFIED, source: EvaluationSource.PETITIONER }]],
  },
  // MEDIATED: parking fees settled by agreement (Art. 33).
  {
    key: "parking-fees", daysAgo: 35, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.GUANGRAO,
    summary: "广饶县某小区业主代表来访反映，物业公司未经业主大会同意将地面停车费由每月60元上调至150元。",
    request: "要求物业公司恢复原收费标准。",
    petitioners: [person("薛志强", AREA.GRX, "19780124", "299", 1030)],
    steps: [[34, forward(ORG.HOUSING)], [30, ACCEPT], [29, HANDLE], [12, { type: "MEDIATE", agreement: "物业公司同意合同期满前按原标准收取停车费，新标准须经业主大会表决" }]],
  },
  // REVIEW_REQUESTED: agricultural zone land lease; the review opinion falls due today (yellow).
  {
    key: "agrizone-land-lease", daysAgo: 110, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.AGRI_ZONE,
    summary: "农高区某村村民来信反映，其承包地流转给园区企业，合同约定租金每亩每年1000元，企业自2024年起以效益不好为由只支付一半。",
    request: "要求企业足额支付拖欠的土地流转租金。",
    petitioners: [person("潘树林", AREA.KLQ, "19640527", "115", 1031)],
    steps: [[108, forward(ORG.AGRI_ZONE)], [100, ACCEPT], [99, HANDLE], [50, answer(AnswerOutcome.EXPLAIN)], [30, REQUEST_REVIEW, "信访人认为答复未解决拖欠租金问题"]],
  },
  // REVIEW_REQUESTED: a disabled single mother (two special groups) refused public rental housing.
  {
    key: "public-rental-housing", daysAgo: 90, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT,
    groups: [SpecialGroup.DISABLED, SpecialGroup.WOMEN_CHILDREN],
    summary: "东营区一名残疾单亲母亲来访反映，其申请公共租赁住房被以家庭收入超标为由驳回，认为审核时将已停发的抚养费计入了收入。",
    request: "要求重新认定家庭收入并分配公共租赁住房。",
    petitioners: [person("贾红霞", AREA.DYQ, "19840219", "166", 1032, { disabled: true })],
    steps: [[89, forward(ORG.HOUSING)], [85, ACCEPT], [84, HANDLE], [40, answer(AnswerOutcome.NOT_SUPPORT)], [12, REQUEST_REVIEW]],
  },
  // REVIEWED: a veteran working as a migrant worker (two special groups); second-review window open.
  {
    key: "work-injury", daysAgo: 120, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.LIJIN,
    groups: [SpecialGroup.VETERAN_MILITARY, SpecialGroup.MIGRANT_WORKER],
    summary: "利津县退役军人来信反映，其在某建筑公司务工时从脚手架坠落受伤，申请工伤认定被以劳动关系不明确为由不予受理。",
    request: "要求确认劳动关系并认定工伤。",
    petitioners: [person("白永刚", AREA.LJX, "19820808", "057", 1033, { veteran: true })],
    steps: [[119, forward(ORG.HUMAN_RESOURCES)], [112, ACCEPT], [111, HANDLE], [70, answer(AnswerOutcome.EXPLAIN)], [50, REQUEST_REVIEW], [25, review(AnswerOutcome.EXPLAIN)]],
  },
  // REREVIEW_REQUESTED: horse-farm housing reform, second review pending.
  {
    key: "horse-farm-housing", daysAgo: 160, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.HORSE_FARM,
    summary: "山东军马场退休职工来访反映，场内住房制度改革时其居住的公房未纳入房改出售范围，至今无法取得产权。",
    request: "要求将其住房纳入房改范围并办理产权。",
    petitioners: [person("石金山", AREA.KLQ, "19550630", "033", 1034)],
    steps: [
      [158, forward(ORG.HORSE_FARM)], [150, ACCEPT], [149, HANDLE], [100, answer(AnswerOutcome.NOT_SUPPORT)],
      [75, REQUEST_REVIEW], [50, review(AnswerOutcome.NOT_SUPPORT)], [24, REQUEST_REREVIEW],
    ],
  },
  // TERMINATED after second review (three cases).
  {
    key: "shrunken-flat", daysAgo: 200, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT,
    summary: "东营区购房户来信反映，其购买的商品房实测面积比合同约定少6.3平方米，开发商拒绝按合同退还房款。",
    request: "要求开发商按合同约定退还面积差价款。",
    petitioners: [person("鲁国栋", AREA.DYQ, "19770913", "195", 1035)],
    steps: untilTerminated(forward(ORG.HOUSING), [198, 190, 189, 150, 135, 112, 100, 78, 70], AnswerOutcome.EXPLAIN),
  },
  {
    key: "homestead-demolition", daysAgo: 230, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.GUANGRAO,
    summary: "广饶县某村村民来访反映，其1990年代建成的房屋被认定为违法占地并被责令拆除，认为系历史形成且当时经村委会同意。",
    request: "要求撤销违法占地认定，或给予拆除补偿。",
    petitioners: [person("袁茂林", AREA.GRX, "19600716", "271", 1036)],
    steps: untilTerminated(assign(ORG.GUANGRAO, 60), [229, 222, 221, 175, 160, 140, 128, 105, 98], AnswerOutcome.NOT_SUPPORT),
  },
  {
    key: "length-of-service", daysAgo: 300, channel: Channel.VISIT, category: Category.APPEAL_REQUEST, locality: ORG.HEKOU,
    summary: "河口区原某国有企业职工来访反映，企业2003年改制时被买断工龄，经济补偿金计算基数偏低，少发约2.6万元。",
    request: "要求按当时政策重新核算并补发经济补偿金。",
    petitioners: [person("贺长江", AREA.HKQ, "19620411", "219", 1037)],
    steps: untilTerminated(forward(ORG.HUMAN_RESOURCES), [298, 290, 289, 240, 220, 195, 180, 160, 150], AnswerOutcome.EXPLAIN),
  },
  // DIVERTED to labour arbitration (诉访分离, Art. 31).
  {
    key: "dismissal-compensation", daysAgo: 20, channel: Channel.ONLINE, category: Category.APPEAL_REQUEST, locality: ORG.GUANGRAO, groups: [SpecialGroup.MIGRANT_WORKER],
    summary: "外来务工人员网上反映，广饶县某纺织企业以经营困难为由解除与其的劳动合同，未支付经济补偿。",
    request: "要求企业支付解除劳动合同经济补偿金。",
    petitioners: [person("贺小军", AREA.LINYI_PINGYI, "19920101", "393", 1038)],
    steps: [[19, forward(ORG.HUMAN_RESOURCES)], [14, { type: "DIVERT", route: DiversionRoute.ARBITRATION }, "劳动争议应申请劳动人事争议仲裁，已告知信访人仲裁途径"]],
  },
  // NOT_ACCEPTED: the matter is already before a court.
  {
    key: "accident-liability", daysAgo: 15, channel: Channel.LETTER, category: Category.APPEAL_REQUEST, locality: ORG.DONGYING_DISTRICT,
    summary: "东营区居民来信反映，交警部门对其交通事故作出的责任认定不公，其负主要责任的认定与事实不符。",
    request: "要求重新作出交通事故责任认定。",
    petitioners: [person("钱卫国", AREA.DYQ, "19740829", "313", 1039)],
    steps: [[14, forward(ORG.PUBLIC_SECURITY)], [10, { type: "NOT_ACCEPT", reason: "信访人已就该事故提起民事诉讼，法院已立案审理，依法应通过诉讼程序解决" }]],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The driver.

const HOUR_MS = 3_600_000;
/** Steps of one scenario are this far apart within a day, after a 09:00 start. */
const STEP_MS = 40 * 60_000;

/** Principals built from the organisation rows: one registrar per petition department, one handler per unit. */
class Cast {
  private constructor(
    private readonly byCode: Map<string, OrganizationEntity>,
    private readonly byId: Map<number, OrganizationEntity>,
  ) {}

  static async load(deps: HubDeps): Promise<Cast> {
    const rows = await deps.db.getRepository(OrganizationEntity).find();
    const cast = new Cast(new Map(rows.map((o) => [o.code, o])), new Map(rows.map((o) => [o.id, o])));
    for (const code of Object.values(ORG)) cast.org(code);
    return cast;
  }

  org(code: string): OrganizationEntity {
    const o = this.byCode.get(code);
    if (!o) throw new Error(`demo data needs organisation ${code}; run ensureOrganizations first`);
    return o;
  }

  private orgById(id: number | null, what: string): OrganizationEntity {
    const o = id === null ? undefined : this.byId.get(id);
    if (!o) throw new Error(`no ${what} organisation`);
    return o;
  }

  private principal(o: OrganizationEntity, label: string, roles: Role[]): Principal {
    const orgPath: number[] = [];
    for (let x: OrganizationEntity | undefined = o; x && !orgPath.includes(x.id); x = x.parentId === null ? undefined : this.byId.get(x.parentId)) orgPath.push(x.id);
    return { subject: `demo:${o.code}:${label}`, orgId: o.id, orgCode: o.code, orgKind: o.kind, orgLevel: o.level, orgPath, roles };
  }

  registrar(code: string): Principal {
    return this.principal(this.org(code), "registrar", [Role.REGISTRAR, Role.CASE_OFFICER]);
  }

  /** The party that performs `party`'s moves on this petition. */
  performer(party: Actor, p: PetitionEntity, registeredBy: OrgCode): Principal {
    switch (party) {
      case "PETITION_DEPT":
        return this.registrar(registeredBy);
      case "BUREAU":
        return this.registrar(ORG.CITY_BUREAU);
      case "HANDLER":
        return this.principal(this.orgById(p.handlerOrgId, "handler"), "handler", [Role.HANDLER]);
      case "REVIEWER":
      case "REREVIEWER": {
        // 复查 goes to the handler's level above (Art. 35), 复核 one level higher again (Art. 36).
        const reviewer = this.orgById(this.orgById(p.handlerOrgId, "handler").levelAboveId, "reviewing");
        const organ = party === "REVIEWER" ? reviewer : this.orgById(reviewer.levelAboveId, "second-reviewing");
        const petitionDept = organ.kind === OrgKind.PETITION_BUREAU || organ.kind === OrgKind.PETITION_OFFICE;
        return this.principal(organ, party.toLowerCase(), petitionDept ? [Role.CASE_OFFICER] : [Role.HANDLER]);
      }
    }
  }
}

/**
 * Loads the demo petitions and risk ledgers (demo-ledger.ts), only when the petition table is empty; returns how many petitions it created.
 * Organisations must exist (ensureOrganizations). Each command commits on its own, so a failure part-way leaves
 * the petitions made so far (and the next call then skips): start again from an empty database.
 */
export async function loadDemoData(deps: HubDeps, opts: { today?: Date } = {}): Promise<{ petitions: number }> {
  if ((await deps.db.getRepository(PetitionEntity).count()) > 0) {
    deps.log.info("demo data skipped: petitions exist");
    return { petitions: 0 };
  }
  const cast = await Cast.load(deps);
  const cal = deps.calc.calendar;
  const today = cal.localDate(opts.today ?? new Date());
  /** 09:00 local on the day `daysAgo` before today, plus `slot` steps. */
  const at = (daysAgo: number, slot: number) => {
    const startOfDay = cal.endOfDay(cal.addDays(today, -daysAgo - 1)).getTime() + 1;
    return new Date(startOfDay + 9 * HOUR_MS + slot * STEP_MS);
  };

  // Oldest first, so petition numbers and ids follow the order of receipt.
  const ordered = [...SCENARIOS].sort((a, b) => b.daysAgo - a.daysAgo);
  const made = new Map<string, number>();
  for (const s of ordered) await play(deps, cast, s, at, made);
  await loadDemoLedger(deps, opts.today ?? new Date());
  await loadDemoAccidents(deps, opts.today ?? new Date());
  await loadDemoBottomLines(deps, opts.today ?? new Date());
  await loadDemoDocuments(deps, made.get("drainage-hekou"), opts.today ?? new Date());
  await loadDemoVisitOnce(deps, opts.today ?? new Date());
  await finishDemoCityVisits(deps, opts.today ?? new Date()); // issue 9 item 3
  return { petitions: ordered.length };
}

async function play(deps: HubDeps, cast: Cast, s: Scenario, at: (daysAgo: number, slot: number) => Date, made: Map<string, number>): Promise<void> {
  const registeredBy = s.registeredBy ?? ORG.CITY_BUREAU;
  const steps = s.steps ?? [];
  let step = "submit";
  try {
    if (s.daysAgo < 1) throw new Error("every step must lie before today");
    steps.forEach(([d], i) => {
      if (d > (i ? steps[i - 1][0] : s.daysAgo) || d < 1) throw new Error(`step ${i + 1} is out of order`);
    });

    let petition = await submitPetition(deps, { principal: cast.registrar(registeredBy), now: at(s.daysAgo, 0), requestId: `demo:${s.key}:0` }, {
      channel: s.channel,
      category: s.category,
      localityOrgId: cast.org(s.locality).id,
      accusedOrgId: s.accused ? cast.org(s.accused).id : null,
      summary: s.summary,
      request: s.request,
      headcount: s.headcount ?? Math.max(1, s.petitioners?.length ?? 1),
      specialGroups: s.groups ?? [],
      urgent: s.urgent ?? false,
      anonymous: s.anonymous ?? false,
      levelSkipping: s.levelSkipping ?? false,
      petitioners: s.petitioners ?? [],
    });
    made.set(s.key, petition.id);
    await answerDemoLetters(deps, s.key, petition.id, new Date()); // issue 9 item 3: the locality answers the fast-track letters
    if (s.linkTo) {
      step = `link to ${s.linkTo}`;
      const to = made.get(s.linkTo);
      if (to === undefined) throw new Error(`${s.linkTo} is not an earlier scenario`);
      petition = await linkPetitionToMatter(deps, { principal: cast.registrar(registeredBy), now: at(s.daysAgo, 0), requestId: `demo:${s.key}:link` }, petition.id, { toPetitionId: to }, "同一信访人、同一事实和理由的重复来访");
    }

    for (const [i, [daysAgo, ev, reason]] of steps.entries()) {
      step = `step ${i + 1} (${ev.type})`;
      const now = at(daysAgo, i + 1);
      const principal = cast.performer(PERFORMER[ev.type][0], petition, registeredBy);
      petition = await transitionPetition(deps, { principal, now, requestId: `demo:${s.key}:${i + 1}` }, petition.id, toEvent(ev, cast, deps, now), { reason: reason ?? null });
    }
  } catch (e) {
    throw new Error(`demo scenario ${s.key}, ${step}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** The command's event: codes become ids, an assignment's result date becomes the end of that local day. */
function toEvent(ev: DemoEvent, cast: Cast, deps: HubDeps, now: Date): PetitionEvent {
  const cal = deps.calc.calendar;
  switch (ev.type) {
    case "FORWARD":
      return { type: "FORWARD", toOrgId: cast.org(ev.to).id };
    case "ASSIGN":
      return { type: "ASSIGN", toOrgId: cast.org(ev.to).id, resultDueAt: cal.endOfDay(cal.addDays(cal.localDate(now), ev.resultDueInDays)) };
    case "ANSWER":
    case "ISSUE_REVIEW":
    case "ISSUE_REREVIEW":
      // The demo's opinions are handed to the petitioner when made, so their windows run from that day.
      return { ...ev, deliveredAt: ev.deliveredAt ?? now };
    default:
      return ev;
  }
}
