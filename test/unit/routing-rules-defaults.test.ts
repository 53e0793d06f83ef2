import { Category, SpecialGroup as G } from "../../src/domain/petition-terms";
import { decideReferrals, DEFAULT_ROUTING_RULES, groupsServedBy, parseRoutingRules, RoutingFacts, RoutingRule } from "../../src/domain/referrals/routing-rules";
import { Expectation as X, ReferralRole as Role } from "../../src/domain/referrals/referral-terms";

// The Dongying default rules, one match at a time, with the whole decision written out; then how several matching
// rules for one agency merge. "反映问题 / 请求处理" is neutral text that matches no keyword.
const facts = (over: Partial<RoutingFacts>): RoutingFacts => ({ category: Category.APPEAL_REQUEST, specialGroups: [], localityCode: "GRX_XFJ", summary: "反映问题", request: "请求处理", ...over });
const ANSWER = [X.OPINION, X.ACTIONS];
const LEADING = [X.CO_HANDLING, X.OPINION, X.ACTIONS];
const partner = (agencyCode: string, label: string) => [{ agencyCode, role: Role.CO_HANDLER, expected: ANSWER, responseWorkdays: 5, reasons: [label] }];

const CL = "残疾人 (残联)";
const FL = "妇女儿童 (妇联)";
const TYJR = "退役军人及军队相关人员 (退役军人事务局)";
const RSJ = "农民工工资、劳动关系、社会保险 (人社局)";

describe("default routing rules, one match at a time", () => {
  it.each([
    [G.DISABLED, "DY_CL", CL],
    [G.WOMEN_CHILDREN, "DY_FL", FL],
    [G.VETERAN_MILITARY, "DY_TYJR", TYJR],
    [G.MIGRANT_WORKER, "DY_RSJ", RSJ],
  ])("the group %s alone → %s as co-handler", (group, agency, label) => {
    expect(decideReferrals(facts({ specialGroups: [group] }))).toEqual(partner(agency, label));
  });

  // Each keyword alone, once in the summary and once in the request (the two are searched together).
  it.each([
    ...["残疾", "残障", "残疾人"].map((k) => [k, "DY_CL", CL]),
    ...["家暴", "家庭暴力", "妇女权益", "儿童", "未成年", "抚养", "离婚"].map((k) => [k, "DY_FL", FL]),
    ...["退役", "退伍", "复员", "转业", "军人", "优抚", "军属"].map((k) => [k, "DY_TYJR", TYJR]),
    ...["欠薪", "拖欠工资", "讨薪", "工资", "社保", "社会保险", "劳动合同", "劳动关系", "工伤"].map((k) => [k, "DY_RSJ", RSJ]),
  ])("the keyword %s → %s", (keyword, agency, label) => {
    expect(decideReferrals(facts({ summary: `关于${keyword}的问题` }))).toEqual(partner(agency, label));
    expect(decideReferrals(facts({ request: `请求解决${keyword}` }))).toEqual(partner(agency, label));
  });

  it.each([
    ["SL_YT", "问题发生在胜利油田"],
    ["JMC", "问题发生在军马场"],
    ["NGQ", "问题发生在农高区"],
  ])("a problem located in %s → that unit leads, co-handling and answering", (code, label) => {
    expect(decideReferrals(facts({ localityCode: code }))).toEqual([{ agencyCode: code, role: Role.LEAD, expected: LEADING, responseWorkdays: 5, reasons: [label] }]);
  });

  it.each([
    ["油田", "SL_YT", "涉及胜利油田"],
    ["胜利油田", "SL_YT", "涉及胜利油田"],
    ["采油厂", "SL_YT", "涉及胜利油田"],
    ["军马场", "JMC", "涉及军马场"],
    ["农高区", "NGQ", "涉及农高区"],
    ["农业高新技术", "NGQ", "涉及农高区"],
  ])("a problem elsewhere mentioning %s → %s assists", (keyword, code, label) => {
    expect(decideReferrals(facts({ request: `与${keyword}有关` }))).toEqual(partner(code, label));
  });

  it("neutral text, no group, an ordinary locality → no referral", () => {
    expect(decideReferrals(facts({}))).toEqual([]);
  });

  it("located in and mentioning the horse farm → one referral: lead, expectations merged once, both reasons", () => {
    expect(decideReferrals(facts({ localityCode: "JMC", summary: "军马场土地" }))).toEqual([{ agencyCode: "JMC", role: Role.LEAD, expected: LEADING, responseWorkdays: 5, reasons: ["问题发生在军马场", "涉及军马场"] }]);
  });

  it("every default rule applies to suggestions and appeals, never to accusations", () => {
    for (const rule of DEFAULT_ROUTING_RULES) expect(rule.categories).toEqual([Category.SUGGESTION, Category.APPEAL_REQUEST]);
  });
});

describe("merging rules for one agency", () => {
  const rule = (over: Partial<RoutingRule>): RoutingRule => ({ agencyCode: "A", role: Role.CO_HANDLER, groups: [G.DISABLED], categories: [Category.APPEAL_REQUEST], expected: [X.OPINION], responseWorkdays: 5, label: "r", ...over });
  const disabled = facts({ specialGroups: [G.DISABLED] });

  it("a later LEAD rule makes the agency lead; two co-handler rules keep it co-handler; a lead stays lead", () => {
    expect(decideReferrals(disabled, [rule({ label: "a" }), rule({ role: Role.LEAD, label: "b" })])[0].role).toBe(Role.LEAD);
    expect(decideReferrals(disabled, [rule({ label: "a" }), rule({ label: "b" })])[0].role).toBe(Role.CO_HANDLER);
    expect(decideReferrals(disabled, [rule({ role: Role.LEAD, label: "a" }), rule({ label: "b" })])[0].role).toBe(Role.LEAD);
  });

  it("keeps the shortest response period whichever rule comes first", () => {
    expect(decideReferrals(disabled, [rule({ responseWorkdays: 7 }), rule({ responseWorkdays: 3 })])[0].responseWorkdays).toBe(3);
    expect(decideReferrals(disabled, [rule({ responseWorkdays: 3 }), rule({ responseWorkdays: 7 })])[0].responseWorkdays).toBe(3);
  });

  it("merges expectations without repeats, in first-seen order, and does not change the rules", () => {
    const first = rule({ expected: [X.OPINION, X.ACTIONS] });
    const [d] = decideReferrals(disabled, [first, rule({ expected: [X.ACTIONS, X.STABILITY_WATCH] })]);
    expect(d.expected).toEqual([X.OPINION, X.ACTIONS, X.STABILITY_WATCH]);
    expect(first.expected).toEqual([X.OPINION, X.ACTIONS]);
  });

  it("a rule for another category does not match; an excluded agency gets nothing while others still do", () => {
    expect(decideReferrals(disabled, [rule({ categories: [Category.SUGGESTION] })])).toEqual([]);
    expect(decideReferrals({ ...disabled, excludedCodes: ["A"] }, [rule({}), rule({ agencyCode: "B" })]).map((d) => d.agencyCode)).toEqual(["B"]);
  });
});

describe("rules as configuration", () => {
  it("parses a rule with several categories, expectations and keywords and a long label", () => {
    const json = JSON.stringify([{ agencyCode: "DY_CL", role: "CO_HANDLER", keywords: ["残疾", "轮椅"], categories: ["SUGGESTION", "APPEAL_REQUEST"], expected: ["OPINION", "ACTIONS"], responseWorkdays: 60, label: "残疾人 (残联)" }]);
    expect(parseRoutingRules(json)).toEqual(JSON.parse(json));
  });

  it("names every offending path, joined by '; '", () => {
    const json = JSON.stringify([{ agencyCode: "DY_CL", role: "LEAD", categories: [], expected: ["OPINION"], responseWorkdays: 5, label: "" }]);
    expect(() => parseRoutingRules(json)).toThrow(/^REFERRAL_RULES_JSON: 0\.categories: [^;]+; 0\.label: [^;]+$/);
  });

  it("refuses an empty keyword, no expectations and a response period outside 1..60 working days", () => {
    const base = { agencyCode: "A", role: "LEAD", categories: ["SUGGESTION"], expected: ["OPINION"], responseWorkdays: 5, label: "x" };
    expect(() => parseRoutingRules(JSON.stringify([{ ...base, keywords: [""] }]))).toThrow(/^REFERRAL_RULES_JSON: 0\.keywords\.0: /);
    expect(() => parseRoutingRules(JSON.stringify([{ ...base, expected: [] }]))).toThrow(/^REFERRAL_RULES_JSON: 0\.expected: /);
    expect(() => parseRoutingRules(JSON.stringify([{ ...base, responseWorkdays: 0 }]))).toThrow(/^REFERRAL_RULES_JSON: 0\.responseWorkdays: /);
    expect(() => parseRoutingRules(JSON.stringify([{ ...base, responseWorkdays: 61 }]))).toThrow(/^REFERRAL_RULES_JSON: 0\.responseWorkdays: /);
    expect(() => parseRoutingRules(JSON.stringify([{ ...base, agencyCode: "" }]))).toThrow(/^REFERRAL_RULES_JSON: 0\.agencyCode: /);
  });

  it("groupsServedBy: the groups of an agency's rules, once each; none for a unit served by place", () => {
    expect(groupsServedBy(DEFAULT_ROUTING_RULES, "DY_CL")).toEqual([G.DISABLED]);
    expect(groupsServedBy(DEFAULT_ROUTING_RULES, "DY_RSJ")).toEqual([G.MIGRANT_WORKER]);
    expect(groupsServedBy(DEFAULT_ROUTING_RULES, "SL_YT")).toEqual([]);
    expect(groupsServedBy(DEFAULT_ROUTING_RULES, "NOBODY")).toEqual([]);
    const rules: RoutingRule[] = [
      { agencyCode: "A", role: Role.LEAD, groups: [G.DISABLED, G.VETERAN_MILITARY], categories: [Category.SUGGESTION], expected: [X.OPINION], responseWorkdays: 5, label: "a" },
      { agencyCode: "B", role: Role.LEAD, groups: [G.WOMEN_CHILDREN], categories: [Category.SUGGESTION], expected: [X.OPINION], responseWorkdays: 5, label: "b" },
      { agencyCode: "A", role: Role.LEAD, keywords: ["x"], categories: [Category.SUGGESTION], expected: [X.OPINION], responseWorkdays: 5, label: "c" },
      { agencyCode: "A", role: Role.LEAD, groups: [G.VETERAN_MILITARY, G.MIGRANT_WORKER], categories: [Category.SUGGESTION], expected: [X.OPINION], responseWorkdays: 5, label: "d" },
    ];
    expect(groupsServedBy(rules, "A")).toEqual([G.DISABLED, G.VETERAN_MILITARY, G.MIGRANT_WORKER]);
  });
});
