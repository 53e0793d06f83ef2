import { Category, SpecialGroup as G } from "../../src/domain/petition-terms";
import { decideReferrals, parseRoutingRules, RoutingFacts } from "../../src/domain/referrals/routing-rules";
import { ReferralRole as Role } from "../../src/domain/referrals/referral-terms";

const facts = (over: Partial<RoutingFacts>): RoutingFacts => ({
  category: Category.APPEAL_REQUEST,
  specialGroups: [],
  localityCode: "GRX_XFJ",
  summary: "反映问题",
  request: "请求处理",
  ...over,
});
const routed = (f: Partial<RoutingFacts>) =>
  decideReferrals(facts(f))
    .map((d) => `${d.agencyCode}:${d.role}`)
    .sort();

describe("special-group and special-unit routing", () => {
  it.each([
    ["disabled person", { specialGroups: [G.DISABLED] }, ["DY_CL:CO_HANDLER"]],
    ["women and children", { specialGroups: [G.WOMEN_CHILDREN] }, ["DY_FL:CO_HANDLER"]],
    ["veteran", { specialGroups: [G.VETERAN_MILITARY] }, ["DY_TYJR:CO_HANDLER"]],
    ["migrant worker", { specialGroups: [G.MIGRANT_WORKER] }, ["DY_RSJ:CO_HANDLER"]],
    ["wage arrears by content only", { summary: "工地拖欠工资三个月" }, ["DY_RSJ:CO_HANDLER"]],
    ["social insurance by content", { request: "请求补缴社会保险" }, ["DY_RSJ:CO_HANDLER"]],
    ["domestic violence by content", { summary: "遭受家庭暴力，请求保护" }, ["DY_FL:CO_HANDLER"]],
    ["located in the oilfield: the oilfield leads", { localityCode: "SL_YT" }, ["SL_YT:LEAD"]],
    ["located in the horse farm", { localityCode: "JMC" }, ["JMC:LEAD"]],
    ["located in the agricultural zone", { localityCode: "NGQ" }, ["NGQ:LEAD"]],
    ["mentions the oilfield from elsewhere: it assists", { summary: "油田施工占用我村道路" }, ["SL_YT:CO_HANDLER"]],
    ["located in and mentioning the oilfield: one referral, lead", { localityCode: "SL_YT", summary: "胜利油田采油厂噪音" }, ["SL_YT:LEAD"]],
    ["a disabled veteran: two agencies", { specialGroups: [G.DISABLED, G.VETERAN_MILITARY] }, ["DY_CL:CO_HANDLER", "DY_TYJR:CO_HANDLER"]],
    ["a migrant worker at the horse farm", { specialGroups: [G.MIGRANT_WORKER], localityCode: "JMC" }, ["DY_RSJ:CO_HANDLER", "JMC:LEAD"]],
    ["an untagged ordinary matter", { summary: "小区路灯不亮" }, []],
    ["a suggestion is routed like an appeal", { category: Category.SUGGESTION, specialGroups: [G.DISABLED] }, ["DY_CL:CO_HANDLER"]],
    ["an accusation is never referred", { category: Category.ACCUSATION, specialGroups: [G.DISABLED], localityCode: "SL_YT" }, []],
  ] as [string, Partial<RoutingFacts>, string[]][])("%s", (_name, f, expected) => {
    expect(routed(f)).toEqual(expected);
  });

  it("never refers to an excluded (accused) unit", () => {
    expect(routed({ localityCode: "SL_YT", excludedCodes: ["SL_YT"] })).toEqual([]);
  });

  it("merges expectations and keeps the shortest response period", () => {
    const [d] = decideReferrals(facts({ localityCode: "SL_YT", summary: "油田" }));
    expect(d.expected).toEqual(expect.arrayContaining(["CO_HANDLING", "OPINION", "ACTIONS"]));
    expect(d.reasons).toHaveLength(2);
    expect(d.responseWorkdays).toBe(5);
  });

  it("rules are configuration: parsed, validated, applied", () => {
    const rules = parseRoutingRules(JSON.stringify([{ agencyCode: "DY_CL", role: "LEAD", groups: ["DISABLED"], categories: ["APPEAL_REQUEST"], expected: ["OPINION"], responseWorkdays: 3, label: "x" }]));
    expect(decideReferrals(facts({ specialGroups: [G.DISABLED] }), rules)).toEqual([{ agencyCode: "DY_CL", role: Role.LEAD, expected: ["OPINION"], responseWorkdays: 3, reasons: ["x"] }]);
    expect(() => parseRoutingRules(JSON.stringify([{ agencyCode: "DY_CL", role: "BOSS" }]))).toThrow(/role/);
  });
});
